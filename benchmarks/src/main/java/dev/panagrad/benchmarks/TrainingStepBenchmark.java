package dev.panagrad.benchmarks;

import dev.panagrad.benchmarks.workloads.Workload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of the issue-4 models on MNIST batches of 64 (forward, backward on the tape,
 * optimizer update; the next batch comes from nn's {@code DataLoader}): {@code mlp} (784-256-128-10,
 * SGD momentum), {@code lenet} (the LeNet CNN, SGD momentum), {@code lstm} (LSTM 28→128 over the rows,
 * Adam) and {@code gan} (one discriminator and one generator update, Adam). The models are
 * {@link Workload}'s, the same that {@code benchmarks/peer/compare.sh} times against PyTorch.
 *
 * <p>Score: ms per step; samples/s = 64 000 / score. With {@code -prof gc}, {@code gc.alloc.rate.norm}
 * is the bytes allocated per training step.
 *
 * <p>The state is per trial: the model keeps training across iterations, as it would in a real run.
 * Warm-up is 5 × 1 s, enough for C2 to compile the step (thousands of steps for the MLP, tens for the
 * LSTM). No {@code -Xbatch} here (unlike {@link MatmulBenchmark}): this measures the step as an
 * application's JVM runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class TrainingStepBenchmark {
    /** The workload, by {@link Workload#create} name. */
    @Param({"mlp", "lenet", "lstm", "gan"})
    public String workload;

    private Workload step;

    /** A fresh model, optimizer and data stream. */
    @Setup
    public void setUp() {
        step = Workload.create(workload, 42);
    }

    /** One training step. */
    @Benchmark
    public void trainStep() {
        step.step();
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public static class Simd extends TrainingStepBenchmark {}

    /** The plain-Java kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dpanagrad.simd=false"})
    public static class Scalar extends TrainingStepBenchmark {}
}

package dev.panagrad.benchmarks;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
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
 * Row-wise {@code softmax} and {@code logSoftmax} over the last dimension of float32 logits, outside any
 * tape: [64, 10] (an MNIST classifier's batch) and [256, 1000] (ImageNet-sized rows).
 *
 * <p>Score: µs per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SoftmaxBenchmark {
    /** rows×columns of the logits. */
    @Param({"64x10", "256x1000"})
    public String shape;

    private Tensor logits;

    /** Random logits of the current shape. */
    @Setup
    public void setUp() {
        String[] rc = shape.split("x");
        logits = Tensor.randn(new Rng(42), Integer.parseInt(rc[0]), Integer.parseInt(rc[1]));
    }

    /** softmax over each row. */
    @Benchmark
    public Tensor softmax() {
        return logits.softmax(1);
    }

    /** log-softmax over each row. */
    @Benchmark
    public Tensor logSoftmax() {
        return logits.logSoftmax(1);
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public static class Simd extends SoftmaxBenchmark {}

    /** The plain-Java kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dpanagrad.simd=false"})
    public static class Scalar extends SoftmaxBenchmark {}
}

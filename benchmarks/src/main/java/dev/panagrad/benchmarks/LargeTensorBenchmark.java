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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory-bound passes over a tensor the size of the conv2d workload's output, [64, 64, 32, 32] float32 (16.8 MB),
 * outside any tape: the full sum (the workload's loss), its gradient expanded back to the input's shape, a permute
 * that moves whole planes, and the GAN workload's noise, {@code randn(64, 64)}. Each splits across the pool from a
 * million elements on (randn from 1,024 normals).
 *
 * <p>Score: µs per call. The expand includes allocating (and the JVM zeroing) its 16.8 MB result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class LargeTensorBenchmark {
    private Tensor activations;
    private Tensor one;
    private Rng rng;

    /** A random [64, 64, 32, 32] tensor, a scalar 1 and a seeded generator. */
    @Setup
    public void setUp() {
        rng = new Rng(42);
        activations = Tensor.randn(rng, 64, 64, 32, 32);
        one = Tensor.scalar(1);
    }

    /** Σ over all 4.2 M elements. */
    @Benchmark
    public Tensor sum() {
        return activations.sum();
    }

    /** A scalar gradient broadcast to [64, 64, 32, 32], as the sum's backward does. */
    @Benchmark
    public Tensor expand() {
        return one.expand(64, 64, 32, 32);
    }

    /** The batch and channel dims exchanged: 4,096 planes of 1,024 elements moved. */
    @Benchmark
    public Tensor permute() {
        return activations.permute(1, 0, 2, 3);
    }

    /** 4,096 standard normals. */
    @Benchmark
    public Tensor randn() {
        return Tensor.randn(rng, 64, 64);
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public static class Simd extends LargeTensorBenchmark {}

    /** The plain-Java kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dpanagrad.simd=false"})
    public static class Scalar extends LargeTensorBenchmark {}
}

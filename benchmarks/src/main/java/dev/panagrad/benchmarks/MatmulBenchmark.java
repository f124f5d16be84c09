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
 * Float32 {@code Tensor.matmul} through the public API, one call per operation, on the kernels chosen
 * at start-up: {@link Simd} forks a JVM with the Vector API kernels, {@link Scalar} one with
 * {@code -Dpanagrad.simd=false} (the choice is made once per JVM, so each variant needs its own fork).
 * Threads: the shared pool's default, one per available processor ({@code -Dpanagrad.threads=N}
 * in {@code -jvmArgsAppend} changes it).
 *
 * <p>Score: µs per product; GFLOP/s = 2·m·n·k / (score · 1000). Shapes are m×n×k: square sizes plus
 * two layer shapes of an MNIST MLP (batch 64, 784→256 and 128→10).
 *
 * <p>Forks run with {@code -Xbatch}: the JIT then compiles synchronously, which reproduces the worst
 * compilation outcome of the micro-kernel every time instead of at random (see PERFORMANCE.md, lesson 1),
 * so a number measured here is not a lucky one. Warm-up is long enough for C2 to finish the kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class MatmulBenchmark {
    /** m×n×k of the product [m, k]·[k, n]. */
    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "64x256x784", "64x10x128"})
    public String shape;

    private Tensor a;
    private Tensor b;

    /** Random float32 operands of the current shape. */
    @Setup
    public void setUp() {
        String[] mnk = shape.split("x");
        int m = Integer.parseInt(mnk[0]);
        int n = Integer.parseInt(mnk[1]);
        int k = Integer.parseInt(mnk[2]);
        Rng rng = new Rng(42);
        a = Tensor.randn(rng, m, k);
        b = Tensor.randn(rng, k, n);
    }

    /** One float32 product; the result is returned so the JIT cannot drop it. */
    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xbatch"})
    public static class Simd extends MatmulBenchmark {}

    /** The plain-Java kernels, for the SIMD-off figure. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xbatch", "-Dpanagrad.simd=false"})
    public static class Scalar extends MatmulBenchmark {}
}

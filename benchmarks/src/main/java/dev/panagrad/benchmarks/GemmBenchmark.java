package dev.panagrad.benchmarks;

import dev.panagrad.core.kernels.GemmKernels;
import java.util.SplittableRandom;
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
 * The float32 GEMM kernel itself, {@code C = op(A)·op(B)} into a preallocated C: what
 * {@code Tensor.matmul} and its backward spend their time in, without the output allocation
 * {@link MatmulBenchmark} includes. {@link Simd} forks a JVM with the Vector API kernels, {@link Scalar}
 * one with {@code -Dpanagrad.simd=false} (the choice is made once per JVM). Threads: the shared pool's
 * default, one per available processor; {@code -jvmArgsAppend -Dpanagrad.threads=1} for one.
 *
 * <p>Shapes are m×n×k, i.e. C is m×n and the inner dimension is k: square 64…2048 and the MNIST MLP's
 * layer products (batch 64: 784→256 forward is 64×256×784, 256→128 is 64×128×256, the 10-class head
 * 64×10×128, and the weight gradient of the first layer 784×256×64), a convolution's weight gradient with
 * 8 output channels (8×25×2352, LeNet's first layer per block of samples: with {@code -p transpose=NT} it runs
 * as dot products) and an LSTM's input-weight gradient (512×28×1792: with {@code -p transpose=TN} it runs as
 * its transpose). {@code transpose} picks op(A), op(B): {@code NN}, {@code NT} (a linear layer's forward,
 * x·Wᵀ), {@code TN} (its weight gradient) or {@code TT}.
 *
 * <p>Score: µs per product; <b>GFLOP/s = 2·m·n·k / (score · 1000)</b>, e.g. 512×512×512 in 1,400 µs is
 * 2·512³ / 1.4e6 = 192 GFLOP/s.
 *
 * <p>Forks run with {@code -Xbatch}: the JIT then compiles synchronously, which reproduces the worst
 * compilation outcome of the micro-kernel every time instead of at random (accumulators spilled to
 * the stack when the indices are not affine in the loop counter; see PERFORMANCE.md, lesson 1), so a
 * regression there shows up here as a 2–3× slower score rather than as noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class GemmBenchmark {
    /** m×n×k of C[m, n] = op(A)[m, k]·op(B)[k, n]. */
    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048", "64x256x784",
        "64x128x256", "64x10x128", "784x256x64", "8x25x2352", "512x28x1792"})
    public String shape;

    /** op(A) op(B): N plain, T transposed (read in place, never copied). */
    @Param({"NN"})
    public String transpose;

    private final GemmKernels kernels = GemmKernels.INSTANCE;
    private int m;
    private int n;
    private int k;
    private boolean transA;
    private boolean transB;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Random operands of the current shape, laid out for the current transpose variant. */
    @Setup
    public void setUp() {
        String[] mnk = shape.split("x");
        m = Integer.parseInt(mnk[0]);
        n = Integer.parseInt(mnk[1]);
        k = Integer.parseInt(mnk[2]);
        transA = transpose.charAt(0) == 'T';
        transB = transpose.charAt(1) == 'T';
        SplittableRandom random = new SplittableRandom(42);
        a = random(random, m * k);
        b = random(random, k * n);
        c = new float[m * n];
    }

    private static float[] random(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    /** One product into C; C is returned so the JIT cannot drop it. */
    @Benchmark
    public float[] gemm() {
        kernels.gemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n, false);
        return c;
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xbatch"})
    public static class Simd extends GemmBenchmark {}

    /** The plain-Java kernels, for the SIMD-off figure. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xbatch", "-Dpanagrad.simd=false"})
    public static class Scalar extends GemmBenchmark {}
}

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
 * Element-wise float32 ops through the public API, outside any tape: {@code add}, {@code mul} and
 * {@code relu} on equal shapes (1M elements; 1,000,003 to run the vector loops' scalar tails too) and
 * {@code add} of a bias row broadcast over a [64, 256] batch (a Linear layer's bias). Each call allocates
 * its output, as the op does in a model.
 *
 * <p>Score: µs per op; GB/s = bytes read and written / score / 1000 (12 bytes per element for a binary op,
 * 8 for relu). At 1M floats the inputs exceed L2, so this is bounded by memory bandwidth and the cost of
 * a fresh output; the pool splits the loop over threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ElementwiseBenchmark {
    /** Number of elements of the equal-shape operands. */
    @Param({"1000000", "1000003"})
    public int n;

    private Tensor a;
    private Tensor b;
    private Tensor batch;
    private Tensor bias;

    /** Random operands. */
    @Setup
    public void setUp() {
        Rng rng = new Rng(42);
        a = Tensor.randn(rng, n);
        b = Tensor.randn(rng, n);
        batch = Tensor.randn(rng, 64, 256);
        bias = Tensor.randn(rng, 256);
    }

    /** a + b. */
    @Benchmark
    public Tensor add() {
        return a.add(b);
    }

    /** a ⊙ b. */
    @Benchmark
    public Tensor mul() {
        return a.mul(b);
    }

    /** max(a, 0). */
    @Benchmark
    public Tensor relu() {
        return a.relu();
    }

    /** [64, 256] + [256]: the bias of a Linear layer, broadcast over the rows. */
    @Benchmark
    public Tensor addBiasRows() {
        return batch.add(bias);
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public static class Simd extends ElementwiseBenchmark {}

    /** The plain-Java kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dpanagrad.simd=false"})
    public static class Scalar extends ElementwiseBenchmark {}
}

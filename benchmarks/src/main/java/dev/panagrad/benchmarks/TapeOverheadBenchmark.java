package dev.panagrad.benchmarks;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What autodiff costs per op, apart from the arithmetic: a chain of {@value #CHAIN} additions of a small
 * tensor ({@code size} floats), computed under {@link NoGrad} (no recording), recorded on a tape (the
 * forward of a training step) and recorded then differentiated (forward + backward). With tiny tensors
 * the kernels cost almost nothing, so the difference between the three is the tape's bookkeeping:
 * recording = {@code recorded − noGrad}, per op.
 *
 * <p>Score: ns per op (JMH divides by the chain length). {@code -prof gc} gives the bytes each op allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TapeOverheadBenchmark {
    static final int CHAIN = 100;

    /** Elements of each tensor of the chain. */
    @Param({"1", "16"})
    public int size;

    private Tensor x;
    private Tensor step;

    /** A tracked start value and the addend. */
    @Setup
    public void setUp() {
        Rng rng = new Rng(42);
        x = Tensor.randn(rng, size).requiresGrad(true);
        step = Tensor.randn(rng, size);
    }

    private Tensor chain() {
        Tensor y = x;
        for (int i = 0; i < CHAIN; i++) {
            y = y.add(step);
        }
        return y;
    }

    /** The chain with recording off. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Tensor noGrad() {
        try (NoGrad ignored = NoGrad.enter()) {
            return chain();
        }
    }

    /** The chain recorded on a tape that is then closed without a backward pass. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Tensor recorded() {
        try (Tape tape = Tape.record()) {
            return chain();
        }
    }

    /** The chain recorded, then its gradient with respect to the start value. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Gradients recordedAndBackward() {
        try (Tape tape = Tape.record()) {
            return tape.gradient(chain().sum(), x);
        }
    }
}

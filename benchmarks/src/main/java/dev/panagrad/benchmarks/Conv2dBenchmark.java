package dev.panagrad.benchmarks;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
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
 * Float32 {@code Tensor.conv2d}, stride 1, forward alone and forward + backward (the gradients of
 * {@code sum(conv2d(x, w, b))} with respect to input, weight and bias, as {@code y.sum().backward()} in
 * PyTorch). Layers, as {@code N×C×H×W : K×R×S : padding}: the 64×3×32×32 → 64 channels 3×3
 * padding 1, and LeNet's two convolutions on an MNIST batch of 64 (1→8 5×5 padding 2 on 28×28, 8→16 5×5 on
 * 14×14).
 *
 * <p>Score: ms per call. Each variant forks its own JVM because the kernels are chosen once per JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class Conv2dBenchmark {
    /** {@code N×C×H×W:K×R×S:padding}. */
    @Param({"64x3x32x32:64x3x3:1", "64x1x28x28:8x5x5:2", "64x8x14x14:16x5x5:0"})
    public String layer;

    private Tensor input;
    private Tensor weight;
    private Tensor bias;
    private int padding;

    /** Random input, weight and bias of the layer, all tracked. */
    @Setup
    public void setUp() {
        String[] parts = layer.split(":");
        int[] nchw = dims(parts[0]);
        int[] krs = dims(parts[1]);
        padding = Integer.parseInt(parts[2]);
        Rng rng = new Rng(42);
        input = Tensor.randn(rng, nchw).requiresGrad(true);
        weight = Tensor.randn(rng, krs[0], nchw[1], krs[1], krs[2]).mul(0.1).requiresGrad(true);
        bias = Tensor.randn(rng, krs[0]).requiresGrad(true);
    }

    private static int[] dims(String spec) {
        String[] d = spec.split("x");
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Integer.parseInt(d[i]);
        }
        return out;
    }

    /** The forward convolution alone (no tape: nothing is recorded). */
    @Benchmark
    public Tensor forward() {
        return input.conv2d(weight, bias, 1, padding);
    }

    /** Forward on a tape, then the three gradients. */
    @Benchmark
    public Object forwardBackward() {
        try (Tape tape = Tape.record()) {
            return tape.gradient(input.conv2d(weight, bias, 1, padding).sum(), input, weight, bias);
        }
    }

    /** The Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public static class Simd extends Conv2dBenchmark {}

    /** The plain-Java kernels. */
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dpanagrad.simd=false"})
    public static class Scalar extends Conv2dBenchmark {}
}

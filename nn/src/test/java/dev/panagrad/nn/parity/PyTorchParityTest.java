package dev.panagrad.nn.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.BatchNorm2d;
import dev.panagrad.nn.Conv2d;
import dev.panagrad.nn.Embedding;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.io.Safetensors;
import dev.panagrad.nn.rnn.GRU;
import dev.panagrad.nn.rnn.LSTM;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State dicts move between PyTorch and Panagrad through safetensors, in both directions, proven with
 * committed fixtures made by {@code tools/pytorch-parity/make_fixtures.py} (this test needs no PyTorch):
 * <ul>
 *   <li>{@code pytorch-<model>}: a state dict PyTorch saved loads strictly into the equivalent Panagrad
 *       model, which then reproduces PyTorch's outputs on PyTorch's inputs within 1e-5;</li>
 *   <li>{@code panagrad-<model>}: the file Panagrad writes for a seeded model is byte for byte the committed
 *       one, which PyTorch loaded with {@code strict=True}; Panagrad's outputs match the outputs PyTorch
 *       computed with it within 1e-5.</li>
 * </ul>
 * With {@code -Dpanagrad.parity.write=true} the test writes the Panagrad files instead (the script does this).
 */
class PyTorchParityTest {
    private static final double TOLERANCE = 1e-5;
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "parity");

    static Module model(String name) {
        Rng rng = new Rng(name.hashCode());
        return switch (name) {
            case "linear" -> new Sequential(new Linear(5, 4, rng), new ReLU(), new Linear(4, 3, rng));
            case "conv2d" -> new Sequential(new Conv2d(2, 4, 3, Conv2d.options().padding(1), rng), new ReLU(),
                    new Conv2d(4, 4, 3, Conv2d.options().stride(2).padding(1).groups(2), rng));
            case "batchnorm2d" -> batchNormWithStatistics(rng);
            case "lstm" -> new LSTM(3, 5, LSTM.options().numLayers(2).batchFirst(true), rng);
            case "gru" -> new GRU(3, 5, GRU.options().numLayers(2), rng);
            case "embedding" -> new Embedding(7, 3, 0, rng);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * A BatchNorm2d whose affine parameters and running statistics are not the defaults, set element-wise
     * (no reductions, so the saved bytes do not depend on the kernels in use).
     */
    private static Module batchNormWithStatistics(Rng rng) {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.weight().assign(Tensor.rand(rng, 3).add(0.5));
        bn.bias().assign(Tensor.randn(rng, 3));
        bn.runningMean().assign(Tensor.randn(rng, 3).sub(0.5));
        bn.runningVar().assign(Tensor.rand(rng, 3).mul(2).add(0.25));
        bn.numBatchesTracked().assign(Tensor.scalar(3, DType.INT32));
        return bn;
    }

    /** Runs {@code model} on the fixture's inputs as the script ran PyTorch's, returning outputs by name. */
    private static Map<String, Tensor> outputs(String name, Module model, Map<String, Tensor> io) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Tensor x = io.get("x");
        switch (name) {
            case "batchnorm2d" -> {
                BatchNorm2d bn = (BatchNorm2d) model;
                out.put("eval", bn.eval().forward(x));
                out.put("train", bn.train().forward(x));
                out.put("running_mean_after", bn.runningMean());
                out.put("running_var_after", bn.runningVar());
            }
            case "lstm" -> {
                LSTM.Result r = ((LSTM) model.eval()).forward(x, io.get("h0"), io.get("c0"));
                out.put("output", r.output());
                out.put("h_n", r.hN());
                out.put("c_n", r.cN());
            }
            case "gru" -> {
                GRU.Result r = ((GRU) model.eval()).forward(x, io.get("h0"));
                out.put("output", r.output());
                out.put("h_n", r.hN());
            }
            default -> out.put("output", model.eval().forward(x));
        }
        return out;
    }

    private static Map<String, Tensor> fixture(String file) {
        try (InputStream in = PyTorchParityTest.class.getResourceAsStream("/parity/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + file + "; run tools/pytorch-parity/make_fixtures.py");
            }
            return Safetensors.parse(in.readAllBytes()).tensors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fixtureBytes(String file) throws IOException {
        try (InputStream in = PyTorchParityTest.class.getResourceAsStream("/parity/" + file)) {
            return in.readAllBytes();
        }
    }

    private static void assertOutputsMatch(String name, Map<String, Tensor> io, Map<String, Tensor> actual,
            Supplier<String> context) {
        for (Map.Entry<String, Tensor> e : actual.entrySet()) {
            Tensor expected = io.get("expected." + e.getKey());
            assertArrayEquals(expected.shape(), e.getValue().shape(), context.get() + ": shape of " + e.getKey());
            float[] want = expected.toFloatArray();
            float[] got = e.getValue().toFloatArray();
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            System.out.printf("parity %-26s %-18s max |Δ| = %.2e%n", context.get(), e.getKey(), worst);
            assertEquals(0, worst, TOLERANCE, context.get() + ": " + e.getKey() + " differs from PyTorch's");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linear", "conv2d", "batchnorm2d", "lstm", "gru", "embedding"})
    void aStateDictSavedByPyTorchReproducesPyTorchsOutputs(String name) {
        Module model = model(name);
        model.loadStateDict(fixture("pytorch-" + name + ".safetensors"), true);
        Map<String, Tensor> io = fixture("pytorch-" + name + ".io.safetensors");
        assertOutputsMatch(name, io, outputs(name, model, io), () -> "pytorch-" + name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linear", "conv2d", "batchnorm2d", "lstm", "gru", "embedding"})
    void aStateDictSavedByPanagradLoadsIntoPyTorchWithTheSameOutputs(String name) throws IOException {
        Module model = model(name);
        byte[] saved = Safetensors.serialize(model.stateDict(), Map.of());
        if (Boolean.getBoolean("panagrad.parity.write")) {
            Files.createDirectories(SOURCE_DIR);
            Files.write(SOURCE_DIR.resolve("panagrad-" + name + ".safetensors"), saved);
            return;
        }
        assertArrayEquals(fixtureBytes("panagrad-" + name + ".safetensors"), saved,
                "Panagrad's file for " + name + " is no longer the one PyTorch loaded");
        Map<String, Tensor> io = fixture("panagrad-" + name + ".io.safetensors");
        assertOutputsMatch(name, io, outputs(name, model, io), () -> "panagrad-" + name);
    }
}

package dev.panagrad.nn.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.Tape;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.io.Safetensors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-wide module tests (TESTING.md MOD-01 and MOD-04): PyTorch's state-dict names and shapes, float64
 * gradients w.r.t. the input and every parameter, train/eval behaviour, state-dict round trips, batch
 * independence, float32 against float64, and errors that name the module.
 */
class ModuleTableTest {
    private static final String ROWS = "dev.panagrad.nn.modules.ModuleSpecs#rows";

    private static Module build(ModuleSpec spec, long seed, DType dtype) {
        Module m = spec.factory().apply(new Rng(seed));
        return dtype == DType.FLOAT32 ? m : m.to(dtype);
    }

    private static List<Tensor> inputs(ModuleSpec spec) {
        List<Tensor> out = new ArrayList<>();
        Rng rng = new Rng(spec.name().hashCode());
        for (Function<Rng, Tensor> gen : spec.inputs()) {
            out.add(gen.apply(rng));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void stateDictHasPyTorchsNamesShapesAndOrder(ModuleSpec spec) {
        Map<String, Tensor> state = build(spec, 1, DType.FLOAT32).stateDict();
        assertEquals(List.copyOf(spec.state().keySet()), List.copyOf(state.keySet()), "state-dict names of " + spec);
        spec.state().forEach((name, shape) -> assertArrayEquals(shape, state.get(name).shape(), spec + ": shape of " + name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void gradientsMatchFiniteDifferencesForInputAndEveryParameter(ModuleSpec spec) {
        Module m = build(spec, 1, DType.FLOAT64).train(spec.gradcheckInTrain());
        Map<String, Tensor> params = m.namedParameters();
        List<String> names = List.copyOf(params.keySet());
        for (Tensor x : inputs(spec)) {
            List<Tensor> all = new ArrayList<>();
            all.add(x);
            all.addAll(params.values());
            Function<List<Tensor>, Tensor> f = in -> {
                Map<String, Tensor> swapped = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    swapped.put(names.get(i), in.get(i + 1));
                }
                return m.functionalCall(swapped, in.get(0));
            };
            GradCheck.Options options = GradCheck.Options.defaults().withTolerances(1e-5, 1e-3);
            if (!spec.differentiableInput()) {
                int[] paramIndices = new int[names.size()];
                Arrays.setAll(paramIndices, i -> i + 1);
                if (paramIndices.length == 0) {
                    continue;
                }
                options = options.onlyInputs(paramIndices);
            }
            GradCheck.gradcheck(f, all, options);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void trainAndEvalModesDifferOnlyWhereDeclared(ModuleSpec spec) {
        Module m = build(spec, 1, DType.FLOAT64);
        for (Tensor x : inputs(spec)) {
            Tensor train = m.train().forward(x);
            Tensor eval = m.eval().forward(x);
            boolean same = Arrays.equals(train.toDoubleArray(), eval.toDoubleArray());
            if (spec.trainEvalDiffer()) {
                if (x.numel() > 1) {
                    assertFalse(same, spec + ": training and evaluation outputs should differ for " + Arrays.toString(x.shape()));
                }
            } else {
                assertTrue(same, spec + ": training and evaluation outputs differ for " + Arrays.toString(x.shape()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void loadingAStateDictReproducesOutputsBitForBit(ModuleSpec spec) {
        Module source = build(spec, 1, DType.FLOAT32).eval();
        Module target = build(spec, 2, DType.FLOAT32).eval();
        target.loadStateDict(source.stateDict(), true);
        for (Tensor x : inputs(spec)) {
            Tensor x32 = x.dtype() == DType.FLOAT64 ? x.to(DType.FLOAT32) : x;
            assertArrayEquals(source.forward(x32).toFloatArray(), target.forward(x32).toFloatArray(), spec.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void aSafetensorsCheckpointRestoresOutputsAndGradientsBitForBit(ModuleSpec spec) throws IOException {
        Module source = build(spec, 1, DType.FLOAT32).eval();
        byte[] saved = Safetensors.serialize(source.stateDict(), Map.of("model", spec.name()));
        assertArrayEquals(saved, Safetensors.serialize(source.stateDict(), Map.of("model", spec.name())),
                spec + ": two saves must give identical bytes");
        Module target = build(spec, 2, DType.FLOAT32).eval();
        target.loadStateDict(Safetensors.parse(saved).tensors(), true);
        for (Tensor x : inputs(spec)) {
            Tensor x32 = x.dtype() == DType.FLOAT64 ? x.to(DType.FLOAT32) : x;
            assertArrayEquals(source.forward(x32).toFloatArray(), target.forward(x32).toFloatArray(), spec.name());
            List<Tensor> gradsA = outputGradients(source, x32);
            List<Tensor> gradsB = outputGradients(target, x32);
            for (int i = 0; i < gradsA.size(); i++) {
                assertArrayEquals(gradsA.get(i).toFloatArray(), gradsB.get(i).toFloatArray(), spec + ": gradient " + i);
            }
        }
    }

    private static List<Tensor> outputGradients(Module m, Tensor x) {
        List<Tensor> params = m.parameters();
        if (params.isEmpty()) {
            return List.of();
        }
        try (Tape tape = Tape.record()) {
            return tape.gradient(m.forward(x).square().sum(), params).list();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void loadingIntoADifferentArchitectureNamesTheOffendingEntries(ModuleSpec spec) {
        Map<String, Tensor> state = new LinkedHashMap<>(build(spec, 1, DType.FLOAT32).stateDict());
        if (state.isEmpty()) {
            return;
        }
        String first = state.keySet().iterator().next();
        Tensor original = state.remove(first);
        state.put("extra." + first, original);
        Module target = build(spec, 2, DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("missing keys: [" + first + "]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys: [extra." + first + "]"), e.getMessage());
        state.remove("extra." + first);
        int[] wrong = original.shape().length == 0 ? new int[] {2} : original.shape().clone();
        if (wrong.length > 0 && original.shape().length > 0) {
            wrong[0] += 1;
        }
        state.put(first, Tensor.zeros(original.dtype(), wrong));
        e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("size mismatch for " + first), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void eachBatchRowDependsOnlyOnItself(ModuleSpec spec) {
        if (!spec.batchIndependent()) {
            return;
        }
        Module m = build(spec, 1, DType.FLOAT64).eval();
        for (Tensor x : inputs(spec)) {
            if (x.dim() < 2 || x.size(0) < 2) {
                continue;
            }
            Tensor batched = m.forward(x);
            for (int i = 0; i < x.size(0); i++) {
                Tensor alone = m.forward(x.narrow(0, i, 1));
                double[] expected = batched.narrow(0, i, 1).toDoubleArray();
                double[] actual = alone.toDoubleArray();
                for (int k = 0; k < expected.length; k++) {
                    assertEquals(expected[k], actual[k], 1e-12 * (1 + Math.abs(expected[k])), spec + ": row " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void float32OutputsAgreeWithFloat64(ModuleSpec spec) {
        Module m64 = build(spec, 1, DType.FLOAT64).eval();
        Module m32 = build(spec, 1, DType.FLOAT32).eval();
        for (Tensor x : inputs(spec)) {
            Tensor x32 = x.dtype() == DType.FLOAT64 ? x.to(DType.FLOAT32) : x;
            double[] expected = m64.forward(x).toDoubleArray();
            Tensor out32 = m32.forward(x32);
            assertEquals(DType.FLOAT32, out32.dtype(), spec + ": float32 module should give float32 outputs");
            double[] actual = out32.toDoubleArray();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 1e-5 + 1e-4 * Math.abs(expected[k]), spec.name());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void invalidInputsAreRejectedWithTheModulesName(ModuleSpec spec) {
        Module m = build(spec, 1, DType.FLOAT64);
        String className = m.getClass().getSimpleName().toLowerCase();
        Rng rng = new Rng(3);
        for (Function<Rng, Tensor> gen : spec.invalid()) {
            Tensor x = gen.apply(rng);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(x),
                    spec + " accepted " + Arrays.toString(x.shape()));
            String message = e.getMessage().toLowerCase();
            if (!message.contains(className) && !(m.getClass().getSimpleName().equals("Sequential"))) {
                fail(spec + ": the message should name the module: " + e.getMessage());
            }
            assertTrue(message.contains(Arrays.toString(x.shape()).toLowerCase()) || message.contains("rank") || message.contains("dtype")
                    || message.contains(x.dtype().toString().toLowerCase()),
                    spec + ": the message should name the offending shape: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ROWS)
    void printsLikePyTorch(ModuleSpec spec) {
        Module m = build(spec, 1, DType.FLOAT32);
        assertTrue(m.toString().startsWith(m.getClass().getSimpleName() + "("), m.toString());
    }
}

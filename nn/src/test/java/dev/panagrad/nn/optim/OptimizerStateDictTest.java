package dev.panagrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MOD-03: the optimizer state dict round trip is exact, and steps without gradient signal change nothing. */
class OptimizerStateDictTest {

    static Stream<Arguments> casesAndDtypes() {
        return OptimizerCases.all().stream()
                .flatMap(c -> Stream.of(DType.FLOAT32, DType.FLOAT64).map(d -> Arguments.of(c, d)));
    }

    static Stream<OptimizerCases> cases() {
        return OptimizerCases.all().stream();
    }

    static Stream<OptimizerCases> casesWithoutDecay() {
        return OptimizerCases.all().stream().filter(c -> !c.decays());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndDtypes")
    void aFreshOptimizerLoadedFromTheStateDictContinuesInBitwiseLockstep(OptimizerCases c, DType dtype) {
        List<Tensor> params = QuadraticProblem.parameters(dtype);
        Optimizer original = c.optimizer().apply(params);
        for (int s = 0; s < 10; s++) {
            original.step(QuadraticProblem.gradients(params));
        }
        List<Tensor> copies = new ArrayList<>();
        for (Tensor p : params) {
            copies.add(Tensor.of(p.toDoubleArray(), p.shape()).to(dtype));
        }
        Optimizer restored = c.optimizer().apply(copies);
        restored.loadStateDict(original.stateDict());
        for (int s = 0; s < 10; s++) {
            original.step(QuadraticProblem.gradients(params));
            restored.step(QuadraticProblem.gradients(copies));
            for (int k = 0; k < params.size(); k++) {
                assertBitwiseEqual(params.get(k), copies.get(k), c + " step " + s + " parameter " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void savingAndReloadingLeavesTheStateBitwiseUnchanged(OptimizerCases c) {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT32);
        Optimizer opt = c.optimizer().apply(params);
        for (int s = 0; s < 10; s++) {
            opt.step(QuadraticProblem.gradients(params));
        }
        Map<String, Tensor> saved = opt.stateDict();
        Optimizer other = c.optimizer().apply(QuadraticProblem.parameters(DType.FLOAT32));
        other.loadStateDict(saved);
        opt.loadStateDict(saved);
        assertStateDictsEqual(saved, opt.stateDict());
        assertStateDictsEqual(saved, other.stateDict());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theStateDictCountsStepsExactlyAndKeepsBuffersInTheParameterDtype(OptimizerCases c) {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT32);
        Optimizer opt = c.optimizer().apply(params);
        for (int s = 0; s < 3; s++) {
            opt.step(QuadraticProblem.gradients(params));
        }
        Map<String, Tensor> dict = opt.stateDict();
        assertArrayEquals(new int[] {0, 1}, dict.get("param_groups.0.params").toIntArray());
        assertEquals(opt.paramGroups().get(0).lr(), dict.get("param_groups.0.lr").item());
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            if (e.getKey().endsWith(".step")) {
                assertEquals(DType.FLOAT64, e.getValue().dtype());
                assertEquals(3.0, e.getValue().item(), e.getKey());
            } else if (e.getKey().startsWith("state.")) {
                assertEquals(DType.FLOAT32, e.getValue().dtype(), e.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithoutDecay")
    void zeroGradientsLeaveParametersBitwiseUnchanged(OptimizerCases c) {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
        Optimizer opt = c.optimizer().apply(params);
        List<Tensor> before = List.of(Tensor.of(params.get(0).toDoubleArray(), 3),
                Tensor.of(params.get(1).toDoubleArray(), 2, 2));
        Gradients zeros = Gradients.of(params, List.of(Tensor.zerosLike(params.get(0)), Tensor.zerosLike(params.get(1))));
        for (int s = 0; s < 3; s++) {
            opt.step(zeros);
        }
        for (int k = 0; k < params.size(); k++) {
            assertBitwiseEqual(before.get(k), params.get(k), c + " parameter " + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aParameterMissingFromTheGradientsKeepsItsValueAndState(OptimizerCases c) {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
        Optimizer opt = c.optimizer().apply(params);
        for (int s = 0; s < 3; s++) {
            opt.step(QuadraticProblem.gradients(params));
        }
        double[] second = params.get(1).toDoubleArray();
        Map<String, Tensor> stateBefore = opt.stateDict();
        Gradients all = QuadraticProblem.gradients(params);
        opt.step(Gradients.of(List.of(params.get(0)), List.of(all.get(params.get(0)))));
        assertArrayEquals(second, params.get(1).toDoubleArray());
        Map<String, Tensor> stateAfter = opt.stateDict();
        stateBefore.forEach((key, value) -> {
            if (key.startsWith("state.1.")) {
                assertBitwiseEqual(value, stateAfter.get(key), key);
            }
        });
        assertFalse(stateAfter.keySet().stream().anyMatch(k -> k.startsWith("state.1.") && !stateBefore.containsKey(k)));
    }

    @Test
    void aParameterNeverSteppedHasNoStateEntry() {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
        Adam adam = new Adam(params);
        Gradients all = QuadraticProblem.gradients(params);
        adam.step(Gradients.of(List.of(params.get(1)), List.of(all.get(params.get(1)))));
        assertTrue(adam.stateDict().keySet().stream().noneMatch(k -> k.startsWith("state.0.")));
        assertEquals(1.0, adam.stateDict().get("state.1.step").item());
    }

    @Test
    void loadingReplacesTheHyperparametersOfEachGroup() {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
        SGD source = new SGD(params, SGD.options(0.3).momentum(0.7));
        SGD target = new SGD(QuadraticProblem.parameters(DType.FLOAT64), 0.1);
        target.loadStateDict(source.stateDict());
        assertEquals(0.3, target.paramGroups().get(0).lr());
        assertEquals(0.7, target.paramGroups().get(0).get("momentum"));
    }

    static void assertStateDictsEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((key, value) -> assertBitwiseEqual(value, actual.get(key), key));
    }

    static void assertBitwiseEqual(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(expected.shape(), actual.shape(), what);
        if (expected.dtype() == DType.INT32) {
            assertArrayEquals(expected.toIntArray(), actual.toIntArray(), what);
            return;
        }
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + "[" + i + "]");
        }
    }

    static Map<String, Tensor> with(Map<String, Tensor> dict, String key, Tensor value) {
        Map<String, Tensor> copy = new LinkedHashMap<>(dict);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }
}

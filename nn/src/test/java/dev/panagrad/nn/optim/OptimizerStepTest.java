package dev.panagrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a step does to the parameters themselves: in place, unrecorded, in each parameter's dtype. */
class OptimizerStepTest {

    @Test
    void aStepUpdatesTheSameTensorsInPlaceAndKeepsThemTrainable() {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT32);
        Gradients g = QuadraticProblem.gradients(params);
        Tensor first = params.get(0);
        float before = (float) first.get(0);
        new Adam(params).step(g);
        assertSame(first, params.get(0));
        assertTrue(first.requiresGrad());
        assertNotEquals(before, (float) first.get(0));
    }

    static List<OptimizerCases> cases() {
        return OptimizerCases.all();
    }

    /**
     * The state is updated in place, so it must never be a tensor the caller holds: the gradients given stay as
     * they were over several steps, also when SGD's first buffer came from the gradient (with dampening, as
     * PyTorch clones it) and later steps update that buffer in place (dampening switched off).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stepsNeverWriteTheGradientsTheyAreGiven(OptimizerCases c) {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT32);
        Optimizer opt = c.optimizer().apply(params);
        Gradients g = QuadraticProblem.gradients(params);
        List<float[]> before = params.stream().map(p -> g.get(p).toFloatArray()).toList();
        for (int s = 0; s < 3; s++) {
            opt.step(g);
            opt.paramGroups().forEach(group -> {
                if (group.has("dampening")) {
                    group.set("dampening", 0.0);
                }
            });
        }
        for (int k = 0; k < params.size(); k++) {
            assertArrayEquals(before.get(k), g.get(params.get(k)).toFloatArray(), c + ", gradient " + k);
        }
    }

    @Test
    void aFrozenParameterIsNeitherMovedNorGivenState() {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
        Gradients g = QuadraticProblem.gradients(params);
        Tensor frozen = params.get(1);
        double[] before = frozen.toDoubleArray();
        frozen.requiresGrad(false);
        Adam adam = new Adam(params, Adam.options().weightDecay(0.1));
        adam.step(g);
        assertTrue(java.util.Arrays.equals(before, frozen.toDoubleArray()), "a frozen parameter must not move");
        assertTrue(adam.stateDict().keySet().stream().noneMatch(k -> k.startsWith("state.1.")), adam.stateDict().keySet()
                .toString());
    }

    @Test
    void aStepTakenWhileATapeRecordsAddsNothingToIt() {
        List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
        Gradients g = QuadraticProblem.gradients(params);
        SGD sgd = new SGD(params, SGD.options(0.1).momentum(0.9).weightDecay(0.01));
        try (Tape tape = Tape.record()) {
            int size = tape.size();
            sgd.step(g);
            assertEquals(size, tape.size());
        }
    }

    @Test
    void parametersOfDifferentDtypesKeepStateInTheirOwnDtype() {
        Tensor single = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor dbl = Tensor.of(new double[] {3, 4, 5}, 3).requiresGrad(true);
        Adam adam = new Adam(List.of(single, dbl), Adam.options().lr(0.1));
        adam.step(Gradients.of(List.of(single, dbl),
                List.of(Tensor.of(new float[] {1, -1}, 2), Tensor.of(new double[] {2, 0, -2}, 3))));
        Map<String, Tensor> state = adam.stateDict();
        assertEquals(DType.FLOAT32, state.get("state.0.exp_avg").dtype());
        assertEquals(DType.FLOAT64, state.get("state.1.exp_avg_sq").dtype());
        assertEquals(0.9f, (float) single.get(0), 1e-6f);     // first Adam step moves by lr·sign(g)
        assertEquals(5 + 0.1, dbl.get(2), 1e-8);
        assertEquals(4.0, dbl.get(1));                        // zero gradient, zero move
    }
}

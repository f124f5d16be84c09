package dev.panagrad.nn.optim;

import static dev.panagrad.nn.optim.OptimizerStateDictTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loadStateDict refuses state dicts that do not fit the optimizer, naming the key, and changes nothing then. */
class OptimizerLoadValidationTest {
    private final List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT64);
    private final Adam adam = new Adam(params, Adam.options().lr(0.05));

    OptimizerLoadValidationTest() {
        adam.step(QuadraticProblem.gradients(params));
    }

    private String refusal(Map<String, Tensor> dict) {
        Map<String, Tensor> before = adam.stateDict();
        String message = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(dict)).getMessage();
        OptimizerStateDictTest.assertStateDictsEqual(before, adam.stateDict());
        return message;
    }

    @Test
    void aBufferOfTheWrongShapeIsRefusedNamingKeyAndShapes() {
        String m = refusal(with(adam.stateDict(), "state.1.exp_avg", Tensor.zeros(DType.FLOAT64, 4)));
        assertEquals("Adam.loadStateDict: state.1.exp_avg is [4] FLOAT64 but parameter 1 is [2, 2] FLOAT64", m);
    }

    @Test
    void aStateDictForMoreParametersIsRefused() {
        String m = refusal(with(adam.stateDict(), "state.2.exp_avg", Tensor.zeros(DType.FLOAT64, 3)));
        assertTrue(m.contains("state.2") && m.contains("2 parameters"), m);
    }

    @Test
    void aGroupWithADifferentParameterCountIsRefused() {
        String m = refusal(with(adam.stateDict(), "param_groups.0.params", Tensor.of(new int[] {0, 1, 2}, 3)));
        assertEquals("Adam.loadStateDict: parameter group 0 has 3 parameters in the state dict but 2 in this optimizer", m);
    }

    @Test
    void aDifferentNumberOfGroupsIsRefused() {
        String m = refusal(with(adam.stateDict(), "param_groups.1.params", Tensor.of(new int[0], 0)));
        assertEquals("Adam.loadStateDict: the state dict has 2 parameter groups but this optimizer has 1", m);
    }

    @Test
    void aMissingHyperparameterIsRefused() {
        assertEquals("Adam.loadStateDict: missing param_groups.0.beta2",
                refusal(with(adam.stateDict(), "param_groups.0.beta2", null)));
    }

    @Test
    void anInvalidHyperparameterIsRefusedWithPyTorchsMessage() {
        String m = refusal(with(adam.stateDict(), "param_groups.0.lr", Tensor.scalar(-1, DType.FLOAT64)));
        assertTrue(m.endsWith("Invalid learning rate: -1"), m);
    }

    @Test
    void anotherOptimizersBufferIsRefused() {
        String m = refusal(with(adam.stateDict(), "state.0.momentum_buffer", Tensor.zeros(DType.FLOAT64, 3)));
        assertTrue(m.contains("unexpected key 'state.0.momentum_buffer'"), m);
    }

    @Test
    void aKeyOutsideTheLayoutIsRefused() {
        assertTrue(refusal(with(adam.stateDict(), "weights.0", Tensor.zeros(DType.FLOAT64, 3)))
                .contains("unexpected key 'weights.0'"));
        assertTrue(refusal(with(adam.stateDict(), "state.01.exp_avg", Tensor.zeros(DType.FLOAT64, 3)))
                .contains("unexpected key 'state.01.exp_avg'"));
    }

    @Test
    void aFractionalOrNegativeStepIsRefused() {
        assertTrue(refusal(with(adam.stateDict(), "state.0.step", Tensor.scalar(2.5, DType.FLOAT64)))
                .contains("state.0.step must be a non-negative whole number, got 2.5"));
        assertTrue(refusal(with(adam.stateDict(), "state.0.step", Tensor.scalar(-1, DType.FLOAT64)))
                .contains("got -1"));
    }

    @Test
    void aBufferOfAnotherFloatingDtypeIsConvertedToTheParameterDtype() {
        Map<String, Tensor> dict = with(adam.stateDict(), "state.0.exp_avg", Tensor.of(new float[] {1, 2, 3}, 3));
        adam.loadStateDict(dict);
        Tensor loaded = adam.stateDict().get("state.0.exp_avg");
        assertEquals(DType.FLOAT64, loaded.dtype());
        assertEquals(2.0, loaded.get(1));
    }
}

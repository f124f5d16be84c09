package dev.panagrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Construction: PyTorch's defaults, its hyperparameter checks and messages, and parameter group rules. */
class OptimizerValidationTest {
    private final List<Tensor> params = QuadraticProblem.parameters(DType.FLOAT32);

    private static String refusal(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void defaultsArePyTorchs() {
        ParamGroup adam = new Adam(params).paramGroups().get(0);
        assertEquals(1e-3, adam.lr());
        assertEquals(0.9, adam.get("beta1"));
        assertEquals(0.999, adam.get("beta2"));
        assertEquals(1e-8, adam.get("eps"));
        assertEquals(0.0, adam.get("weight_decay"));
        assertEquals(1e-2, new AdamW(params).paramGroups().get(0).get("weight_decay"));
        ParamGroup rms = new RMSprop(params).paramGroups().get(0);
        assertEquals(1e-2, rms.lr());
        assertEquals(0.99, rms.get("alpha"));
        assertEquals(1e-8, rms.get("eps"));
        ParamGroup adagrad = new Adagrad(params).paramGroups().get(0);
        assertEquals(1e-2, adagrad.lr());
        assertEquals(1e-10, adagrad.get("eps"));
        assertEquals(0.0, adagrad.get("initial_accumulator_value"));
    }

    @Test
    void invalidHyperparametersAreRefusedWithPyTorchsMessages() {
        assertEquals("SGD (param group 0): Invalid learning rate: -1", refusal(() -> new SGD(params, -1)));
        assertEquals("SGD (param group 0): Invalid momentum value: -0.5",
                refusal(() -> new SGD(params, SGD.options(0.1).momentum(-0.5))));
        assertEquals("SGD (param group 0): Nesterov momentum requires a momentum and zero dampening",
                refusal(() -> new SGD(params, SGD.options(0.1).nesterov(true))));
        assertEquals("Adam (param group 0): Invalid beta parameter at index 1: 1",
                refusal(() -> new Adam(params, Adam.options().betas(0.9, 1.0))));
        assertEquals("AdamW (param group 0): Invalid epsilon value: -1.0E-8",
                refusal(() -> new AdamW(params, AdamW.options().eps(-1e-8))));
        assertEquals("Adam (param group 0): Invalid weight_decay value: -0.1",
                refusal(() -> new Adam(params, Adam.options().weightDecay(-0.1))));
        assertEquals("RMSprop (param group 0): Invalid alpha value: -1",
                refusal(() -> new RMSprop(params, RMSprop.options().alpha(-1))));
        assertEquals("Adagrad (param group 0): Invalid lr_decay value: -0.1",
                refusal(() -> new Adagrad(params, Adagrad.options().lrDecay(-0.1))));
        assertEquals("Adagrad (param group 0): Invalid initial_accumulator_value value: -1",
                refusal(() -> new Adagrad(params, Adagrad.options().initialAccumulatorValue(-1))));
    }

    @Test
    void aNaNLearningRateIsRefused() {
        assertEquals("SGD (param group 0): Invalid learning rate: NaN", refusal(() -> new SGD(params, Double.NaN)));
    }

    @Test
    void aGroupOverrideIsValidatedAndNamesItsGroup() {
        assertEquals("Adam (param group 1): Invalid learning rate: -0.01", refusal(() -> Adam.ofGroups(List.of(
                new ParamGroup(List.of(params.get(0))), new ParamGroup(List.of(params.get(1))).set("lr", -0.01)),
                Adam.options())));
    }

    @Test
    void anUnknownGroupHyperparameterIsRefused() {
        String m = refusal(() -> SGD.ofGroups(List.of(new ParamGroup(params).set("betas", 0.9)), SGD.options(0.1)));
        assertEquals("SGD (param group 0): unknown hyperparameter 'betas' (known: lr, momentum, dampening, "
                + "weight_decay, nesterov, maximize)", m);
    }

    @Test
    void aParameterInTwoGroupsIsRefused() {
        assertEquals("SGD (param group 1): some parameters appear in more than one parameter group",
                refusal(() -> SGD.ofGroups(List.of(new ParamGroup(params), new ParamGroup(List.of(params.get(0)))),
                        SGD.options(0.1))));
        assertEquals("SGD (param group 0): some parameters appear in more than one parameter group",
                refusal(() -> new SGD(List.of(params.get(0), params.get(0)), 0.1)));
    }

    @Test
    void anEmptyParameterListIsRefused() {
        assertEquals("Adam: optimizer got an empty parameter list", refusal(() -> new Adam(List.of())));
    }

    @Test
    void integerTensorsCannotBeOptimized() {
        assertEquals("SGD (param group 0): can only optimize floating-point tensors, got INT32",
                refusal(() -> new SGD(List.of(Tensor.of(new int[] {1}, 1)), 0.1)));
    }

    @Test
    void theOptimizerOwnsACopyOfEachGroupWithDefaultsFilledIn() {
        ParamGroup mine = new ParamGroup(params).set("lr", 0.5);
        SGD sgd = SGD.ofGroups(List.of(mine), SGD.options(0.1).momentum(0.9));
        ParamGroup owned = sgd.paramGroups().get(0);
        assertNotSame(mine, owned);
        assertEquals(0.5, owned.lr());
        assertEquals(0.9, owned.get("momentum"));
        assertEquals(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"),
                List.copyOf(owned.hyperparameters().keySet()));
    }

    @Test
    void addParamGroupAppendsAGroupWithDefaults() {
        SGD sgd = new SGD(List.of(params.get(0)), 0.1);
        sgd.addParamGroup(new ParamGroup(List.of(params.get(1))).set("lr", 0.01));
        assertEquals(2, sgd.paramGroups().size());
        assertEquals(0.01, sgd.paramGroups().get(1).lr());
        assertEquals(List.of(params.get(1)), sgd.paramGroups().get(1).params());
    }

    @Test
    void toStringListsEachGroupLikePyTorch() {
        assertEquals("SGD (\nParameter Group 0\n    lr: 0.1\n    momentum: 0.9\n    dampening: 0\n"
                + "    weight_decay: 0\n    nesterov: 0\n    maximize: 0\n)",
                new SGD(params, SGD.options(0.1).momentum(0.9)).toString());
    }
}

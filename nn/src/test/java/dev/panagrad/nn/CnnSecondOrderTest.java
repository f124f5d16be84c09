package dev.panagrad.nn;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CNN layers write no backward rule, so gradients of gradients (WGAN-GP, R1 penalties) flow through
 * them: float64 gradgradcheck of small stacks w.r.t. the input and a weight.
 */
class CnnSecondOrderTest {
    private static final GradCheck.Options OPTIONS = GradCheck.Options.defaults().withTolerances(1e-4, 1e-3);

    private static void checkSecondOrder(Module model, String weightName, Tensor x) {
        model.to(DType.FLOAT64);
        Tensor w = model.namedParameters().get(weightName);
        GradCheck.gradgradcheck(in -> model.functionalCall(Map.of(weightName, in.get(1)), in.get(0)), List.of(x, w), OPTIONS);
    }

    @Test
    void aDiscriminatorStackHasSecondOrderGradients() {
        Rng rng = new Rng(4);
        Module d = new Sequential(
                new Conv2d(1, 2, 2, Conv2d.options().padding("same").paddingMode("reflect"), rng), new Tanh(),
                new MaxPool2d(2), new AvgPool2d(1), new AdaptiveAvgPool2d(1), new Flatten());
        checkSecondOrder(d, "0.weight", Tensor.randn(rng, DType.FLOAT64, 1, 1, 4, 4));
    }

    @Test
    void aGeneratorStackHasSecondOrderGradients() {
        Rng rng = new Rng(5);
        Module g = new Sequential(
                new ConvTranspose2d(2, 1, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1), rng), new Tanh(),
                Upsample.withScaleFactor(1.5), new Conv1dOverRows(rng));
        checkSecondOrder(g, "0.weight", Tensor.randn(rng, DType.FLOAT64, 1, 2, 2, 2));
    }

    /** Flattens [N, 1, H, W] to [N, H, W] and applies a Conv1d over the rows, to put Conv1d in a stack. */
    private static final class Conv1dOverRows extends Module {
        Conv1dOverRows(Rng rng) {
            child("conv", new Conv1d(6, 1, 3, Conv1d.options().padding(1).dilation(1), rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            return namedChildren().get("conv").forward(x.squeeze(1)).tanh();
        }
    }
}

package dev.panagrad.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.CustomOp;
import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** GradCheck catches wrong gradient rules, passes right ones, and reports the worst element. */
class GradCheckTest {
    private static final Tensor X = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.4, -1.2, 0.9}, 2, 3);

    /** y = eˣ with a rule that is off by {@code 0.5·g} at flat element 4 and by {@code 0.01·g} at element 0. */
    private static Tensor expWrongAtTwoElements(Tensor x) {
        double[] bump = new double[x.numel()];
        bump[4] = 0.5;
        bump[0] = 0.01;
        Tensor error = Tensor.of(bump, x.shape());
        return CustomOp.apply("expWrong", x::exp, (g, grads) -> grads.add(x, g.mul(x.exp()).add(g.mul(error))), x);
    }

    /** y = x² with a correct rule. */
    private static Tensor square(Tensor x) {
        return CustomOp.apply("square", () -> x.mul(x), (g, grads) -> grads.add(x, g.mul(x).mul(2)), x);
    }

    /** y = x² with a rule that is right in value but built from a detached x, so it cannot be differentiated again. */
    private static Tensor squareDetachedRule(Tensor x) {
        return CustomOp.apply("squareDetached", () -> x.mul(x), (g, grads) -> grads.add(x, g.mul(x.detach()).mul(2)), x);
    }

    private static final Function<List<Tensor>, Tensor> WRONG = in -> expWrongAtTwoElements(in.get(0));

    @Test
    void aWrongRuleFailsAndTheWorstElementIsReportedWithItsIndices() {
        GradCheckFailure f = assertThrows(GradCheckFailure.class, () -> GradCheck.gradcheck(WRONG, List.of(X)));
        GradCheck.Mismatch worst = f.worst();
        assertEquals(0, worst.input());
        assertArrayEquals(new int[] {1, 1}, worst.inputIndex());
        assertArrayEquals(new int[] {1, 1}, worst.outputIndex());
        assertEquals(Math.exp(-1.2) + 0.5, worst.analytic(), 1e-12);
        assertEquals(Math.exp(-1.2), worst.numeric(), 1e-8);
        assertEquals(2, worst.mismatches());
        assertTrue(f.getMessage().contains("worst: d output[1, 1] / d input 0[1, 1]"), f.getMessage());
        assertTrue(f.getMessage().contains("2 of 36 entries"), f.getMessage());
    }

    @Test
    void aCorrectRulePasses() {
        assertDoesNotThrow(() -> GradCheck.gradcheck(in -> square(in.get(0)), List.of(X)));
        assertDoesNotThrow(() -> GradCheck.gradcheck(in -> in.get(0).exp().mul(in.get(1)).sum(),
                List.of(X, Tensor.of(new double[] {2, -1, 0.5}, 3))));
    }

    @Test
    void theRandomDirectionModeCatchesTheWrongRuleAndPassesARightOne() {
        GradCheck.Options fast = GradCheck.Options.defaults().fast();
        GradCheckFailure f = assertThrows(GradCheckFailure.class, () -> GradCheck.gradcheck(WRONG, List.of(X), fast));
        assertTrue(f.worst().projected());
        assertTrue(f.getMessage().contains("random-direction mismatch"), f.getMessage());
        assertDoesNotThrow(() -> GradCheck.gradcheck(in -> square(in.get(0)).exp(), List.of(X), fast));
    }

    @Test
    void autoModeUsesRandomDirectionsAboveTheThreshold() {
        GradCheck.Options small = GradCheck.Options.defaults().withFastThreshold(10);
        GradCheck.Result r = GradCheck.check(in -> in.get(0).exp(), List.of(X), small);
        assertTrue(r.passed());
        assertTrue(r.message().contains("random directions"), r.message());
        assertTrue(GradCheck.check(in -> in.get(0).exp(), List.of(X)).message().contains("full Jacobian of 36 entries"));
    }

    @Test
    void aLargeInputIsCheckedByRandomDirections() {
        Tensor big = Tensor.randn(new Rng(3), DType.FLOAT64, 400, 300);
        GradCheck.Result r = GradCheck.check(in -> in.get(0).mul(in.get(0)).exp(), List.of(big));
        assertTrue(r.passed(), r.message());
        assertTrue(r.message().contains("random directions"), r.message());
        Tensor bump = Tensor.randn(new Rng(4), DType.FLOAT64, 400, 300).mul(0.1);
        GradCheck.Result wrong = GradCheck.check(in -> CustomOp.apply("scaleWrong", () -> in.get(0).mul(2.0),
                (g, grads) -> grads.add(in.get(0), g.mul(2.0).add(g.mul(bump))), in.get(0)).sum(), List.of(big));
        assertFalse(wrong.passed(), wrong.message());
    }

    @Test
    void checkReturnsAResultInsteadOfThrowing() {
        GradCheck.Result r = GradCheck.check(WRONG, List.of(X));
        assertFalse(r.passed());
        assertArrayEquals(new int[] {1, 1}, r.worst().inputIndex());
        assertThrows(GradCheckFailure.class, r::orThrow);
        assertTrue(GradCheck.check(in -> square(in.get(0)), List.of(X)).passed());
    }

    @Test
    void onlyTheChosenInputsAreChecked() {
        Function<List<Tensor>, Tensor> wrongForSecond = in -> in.get(0).mul(expWrongAtTwoElements(in.get(1)));
        List<Tensor> inputs = List.of(X.add(1.0), X);
        assertEquals(1, GradCheck.check(wrongForSecond, inputs).worst().input());
        assertTrue(GradCheck.check(wrongForSecond, inputs, GradCheck.Options.defaults().onlyInputs(0)).passed());
    }

    @Test
    void int32InputsPassThroughAndFloat32InputsAreRejected() {
        Tensor index = Tensor.of(new int[] {1, 2}, 2);
        assertDoesNotThrow(() -> GradCheck.gradcheck(in -> in.get(0).exp(), List.of(X, index)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.gradcheck(in -> in.get(0).exp(), List.of(X.to(DType.FLOAT32))));
        assertTrue(e.getMessage().contains("FLOAT64"), e.getMessage());
    }

    @Test
    void tolerancesDecideBorderlineCases() {
        GradCheck.Options loose = GradCheck.Options.defaults().withTolerances(0.6, 0);
        assertTrue(GradCheck.check(WRONG, List.of(X), loose).passed());
    }

    @Test
    void gradgradcheckCatchesARuleThatIsRightInValueButNotDifferentiable() {
        assertDoesNotThrow(() -> GradCheck.gradcheck(in -> squareDetachedRule(in.get(0)), List.of(X)), "first order is right");
        GradCheckFailure f = assertThrows(GradCheckFailure.class,
                () -> GradCheck.gradgradcheck(in -> squareDetachedRule(in.get(0)), List.of(X)));
        assertEquals(0, f.worst().input(), "the derivative of the gradient with respect to x is missing");
        assertEquals(0.0, f.worst().analytic());
        assertTrue(f.getMessage().startsWith("gradgradcheck"), f.getMessage());
    }

    @Test
    void gradgradcheckPassesDifferentiableRulesAndBuiltInOps() {
        assertDoesNotThrow(() -> GradCheck.gradgradcheck(in -> square(in.get(0)), List.of(X)));
        Tensor y = Tensor.of(new double[] {1.5, -0.8, 2.0}, 3);
        assertDoesNotThrow(() -> GradCheck.gradgradcheck(in -> in.get(0).mul(in.get(1)).div(in.get(1).exp()).log()
                .sum(), List.of(X.mul(X).add(0.5), y)));
    }

    @Test
    void gradgradcheckInFastModeCatchesTheDetachedRuleToo() {
        GradCheck.Result r = GradCheck.checkGradGrad(in -> squareDetachedRule(in.get(0)), List.of(X),
                GradCheck.Options.defaults().fast());
        assertFalse(r.passed(), r.message());
    }

    @Test
    void aPropertyChecksACustomOpOnRandomShapesInThreeLines() {
        Property.forAll(TensorGen.tensors(TensorGen.shapes(0, 3, 1, 4), Domain.REAL), 30,
                x -> GradCheck.gradcheck(in -> square(in.get(0)).exp(), List.of(x)));
    }

    @Test
    void broadcastingOpsPassOnBroadcastShapePairs() {
        Gen<List<Tensor>> pairs = TensorGen.broadcastShapes(3, 3).flatMap(p -> Gen.pair(
                TensorGen.tensors(p[0], Domain.REAL, DType.FLOAT64), TensorGen.tensors(p[1], Domain.REAL, DType.FLOAT64))
                .map(t -> List.of(t.first(), t.second())));
        Property.forAll(pairs, 30, in -> GradCheck.gradcheck(x -> x.get(0).mul(x.get(1)).sub(x.get(1)), in));
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> GradCheck.Options.defaults().withEps(0));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.Options.defaults().withDirections(0));
        assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(in -> in.get(0).exp(), List.of(X), GradCheck.Options.defaults().onlyInputs(3)));
    }
}

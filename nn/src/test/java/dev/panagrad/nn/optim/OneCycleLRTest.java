package dev.panagrad.nn.optim;

import static dev.panagrad.nn.optim.LRSchedulerTest.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OneCycleLR at its key points, derived by hand from PyTorch's definition: with 100 steps and pctStart
 * 0.3 the rise ends at step 29 (0.3·100 − 1) and the fall at step 99.
 */
class OneCycleLRTest {
    private static final double MAX_LR = 0.5;

    private static void advanceTo(LRScheduler s, int step) {
        while (s.lastEpoch() < step) {
            s.step();
        }
    }

    @Test
    void startsAtMaxLrOverDivFactorWithMaximalMomentum() {
        SGD opt = sgd(0.1);
        OneCycleLR s = new OneCycleLR(opt, MAX_LR, 100);
        assertEquals(MAX_LR / 25, s.getLastLr().get(0), 1e-16);
        assertEquals(0.95, opt.paramGroups().get(0).get("momentum"), 1e-16);
    }

    @Test
    void peaksAtMaxLrWithBaseMomentumAtTheEndOfTheRise() {
        SGD opt = sgd(0.1);
        OneCycleLR s = new OneCycleLR(opt, MAX_LR, 100);
        advanceTo(s, 29);
        assertEquals(MAX_LR, s.getLastLr().get(0), 1e-16);
        assertEquals(0.85, opt.paramGroups().get(0).get("momentum"), 1e-16);
    }

    @Test
    void endsAtInitialLrOverFinalDivFactorWithMaximalMomentum() {
        SGD opt = sgd(0.1);
        OneCycleLR s = new OneCycleLR(opt, MAX_LR, 100);
        advanceTo(s, 99);
        assertEquals(MAX_LR / 25 / 1e4, s.getLastLr().get(0), 1e-20);
        assertEquals(0.95, opt.paramGroups().get(0).get("momentum"), 1e-16);
    }

    @Test
    void followsTheCosineBetweenKeyPoints() {
        OneCycleLR s = new OneCycleLR(sgd(0.1), MAX_LR, 100);
        advanceTo(s, 10);
        double initial = MAX_LR / 25;
        double rising = MAX_LR + (initial - MAX_LR) / 2 * (1 + Math.cos(Math.PI * 10 / 29));
        assertEquals(rising, s.getLastLr().get(0), 1e-16);
        advanceTo(s, 60);
        double min = initial / 1e4;
        double falling = min + (MAX_LR - min) / 2 * (1 + Math.cos(Math.PI * (60 - 29) / 70));
        assertEquals(falling, s.getLastLr().get(0), 1e-16);
    }

    @Test
    void linearAnnealingInterpolatesLinearly() {
        OneCycleLR s = new OneCycleLR(sgd(0.1), MAX_LR, 100,
                OneCycleLR.options().annealStrategy(OneCycleLR.AnnealStrategy.LINEAR));
        advanceTo(s, 10);
        double initial = MAX_LR / 25;
        assertEquals(initial + (MAX_LR - initial) * 10 / 29, s.getLastLr().get(0), 1e-16);
    }

    @Test
    void threePhasesReturnToInitialLrBeforeTheFinalDecay() {
        OneCycleLR s = new OneCycleLR(sgd(0.1), MAX_LR, 100, OneCycleLR.options().threePhase(true));
        advanceTo(s, 29);
        assertEquals(MAX_LR, s.getLastLr().get(0), 1e-16);
        advanceTo(s, 58);
        assertEquals(MAX_LR / 25, s.getLastLr().get(0), 1e-16);
        advanceTo(s, 99);
        assertEquals(MAX_LR / 25 / 1e4, s.getLastLr().get(0), 1e-20);
    }

    @Test
    void cyclesBeta1OfAdamAndLeavesBeta2() {
        Adam adam = new Adam(List.of(Tensor.zeros(DType.FLOAT32, 3)));
        OneCycleLR s = new OneCycleLR(adam, 0.01, 10, OneCycleLR.options().pctStart(0.5));
        ParamGroup g = adam.paramGroups().get(0);
        assertEquals(0.95, g.get("beta1"), 1e-16);
        advanceTo(s, 4);
        assertEquals(0.85, g.get("beta1"), 1e-16);
        assertEquals(0.999, g.get("beta2"));
    }

    @Test
    void eachGroupPeaksAtItsOwnMaxLr() {
        OneCycleLR s = new OneCycleLR(sgd(0.1, 0.1), new double[] {1.0, 0.2}, 20, OneCycleLR.options());
        advanceTo(s, 5);
        assertEquals(1.0, s.getLastLr().get(0), 1e-15);
        assertEquals(0.2, s.getLastLr().get(1), 1e-16);
    }

    @Test
    void steppingPastTotalStepsIsRefused() {
        OneCycleLR s = new OneCycleLR(sgd(0.1), MAX_LR, 5);
        advanceTo(s, 5);
        String m = assertThrows(IllegalStateException.class, s::step).getMessage();
        assertEquals("OneCycleLR: Tried to step 6 times. The specified number of total steps is 5", m);
    }

    @Test
    void momentumCyclingNeedsAnOptimizerWithMomentumOrBeta1() {
        Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(DType.FLOAT32, 3)));
        String m = assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(adagrad, 0.1, 10)).getMessage();
        assertTrue(m.contains("optimizer must support momentum or beta1"), m);
        OneCycleLR s = new OneCycleLR(adagrad, 0.1, 10, OneCycleLR.options().cycleMomentum(false));
        assertEquals(0.1 / 25, s.getLastLr().get(0), 1e-16);
    }

    @Test
    void invalidArgumentsAreRefusedWithPyTorchsMessages() {
        assertEquals("OneCycleLR: Expected positive integer total_steps, but got 0",
                assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd(0.1), 0.1, 0)).getMessage());
        assertEquals("OneCycleLR: Expected float between 0 and 1 pct_start, but got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd(0.1), 0.1, 10,
                        OneCycleLR.options().pctStart(1.5))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(sgd(0.1), new double[] {0.1, 0.2}, 10, OneCycleLR.options()));
    }
}

package dev.panagrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The epoch-based schedulers against their closed forms, derived by hand from PyTorch's documentation. */
class LRSchedulerTest {

    /** An SGD with one single-parameter group per learning rate. */
    static SGD sgd(double... lrs) {
        List<ParamGroup> groups = new ArrayList<>();
        for (double lr : lrs) {
            groups.add(new ParamGroup(List.of(Tensor.zeros(DType.FLOAT64, 2))).set("lr", lr));
        }
        return SGD.ofGroups(groups, SGD.options(lrs[0]).momentum(0.9));
    }

    /** Checks epochs 0..epochs-1 of group {@code g}: getLastLr, the group's lr, and the expected value. */
    static void assertSchedule(LRScheduler s, int g, int epochs, IntToDoubleFunction expected, double relTol) {
        for (int e = 0; e < epochs; e++) {
            if (e > 0) {
                s.step();
            }
            double want = expected.applyAsDouble(e);
            double got = s.getLastLr().get(g);
            assertTrue(Math.abs(got - want) <= relTol * Math.abs(want), "epoch " + e + ": " + got + " vs " + want);
            assertEquals(got, s.optimizer().paramGroups().get(g).lr(), "group lr at epoch " + e);
            assertEquals(e, s.lastEpoch());
        }
    }

    @Test
    void stepLRDecaysEveryStepSizeEpochs() {
        StepLR s = new StepLR(sgd(0.1), 3, 0.5);
        assertSchedule(s, 0, 10, e -> 0.1 * Math.pow(0.5, e / 3), 0);
    }

    @Test
    void stepLRDefaultsToGammaOneTenth() {
        StepLR s = new StepLR(sgd(1.0), 2);
        assertSchedule(s, 0, 5, e -> new double[] {1, 1, 0.1, 0.1, 0.1 * 0.1}[e], 1e-15);
    }

    @Test
    void multiStepLRDecaysAtEachMilestoneCountingRepeats() {
        MultiStepLR s = new MultiStepLR(sgd(0.2), new int[] {5, 2, 5}, 0.5);
        assertSchedule(s, 0, 8, e -> e < 2 ? 0.2 : e < 5 ? 0.1 : 0.025, 0);
    }

    @Test
    void exponentialLRMultipliesByGammaEachEpoch() {
        ExponentialLR s = new ExponentialLR(sgd(0.3), 0.9);
        assertSchedule(s, 0, 20, e -> 0.3 * Math.pow(0.9, e), 1e-14);
    }

    @Test
    void cosineAnnealingFollowsTheClosedFormThroughTMaxAndBeyond() {
        CosineAnnealingLR s = new CosineAnnealingLR(sgd(0.1), 10, 0.001);
        assertSchedule(s, 0, 25, e -> 0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * e / 10)) / 2, 1e-12);
    }

    @Test
    void cosineAnnealingReachesEtaMinAtTMax() {
        CosineAnnealingLR s = new CosineAnnealingLR(sgd(0.1), 4, 0.01);
        for (int e = 0; e < 4; e++) {
            s.step();
        }
        assertEquals(0.01, s.getLastLr().get(0), 1e-17);
    }

    @Test
    void linearWarmUpRisesFromStartFactorToEndFactorThenHolds() {
        LinearLR s = new LinearLR(sgd(0.5), 0.1, 1.0, 4);
        assertSchedule(s, 0, 8, e -> 0.5 * (0.1 + 0.9 * Math.min(e, 4) / 4.0), 1e-14);
    }

    @Test
    void linearLRDefaultsAreAThirdToOneOverFiveEpochs() {
        LinearLR s = new LinearLR(sgd(0.3));
        assertSchedule(s, 0, 7, e -> 0.3 * (1.0 / 3 + (2.0 / 3) * Math.min(e, 5) / 5.0), 1e-14);
    }

    @Test
    void eachGroupIsScheduledFromItsOwnBaseLearningRate() {
        SGD opt = sgd(0.1, 0.02);
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 6);
        for (int e = 1; e <= 3; e++) {
            s.step();
        }
        double factor = (1 + Math.cos(Math.PI * 3 / 6)) / 2;
        assertEquals(0.1 * factor, s.getLastLr().get(0), 1e-15);
        assertEquals(0.02 * factor, s.getLastLr().get(1), 1e-16);
        assertEquals(0.1, opt.paramGroups().get(0).get("initial_lr"));
        assertEquals(0.02, opt.paramGroups().get(1).get("initial_lr"));
    }

    @Test
    void sequentialWarmUpThenCosine() {
        SGD opt = sgd(0.4);
        LinearLR warmUp = new LinearLR(opt, 0.25, 1.0, 4);
        CosineAnnealingLR cosine = new CosineAnnealingLR(opt, 10, 0.0);
        SequentialLR s = new SequentialLR(opt, List.of(warmUp, cosine), new int[] {4});
        assertSchedule(s, 0, 16, e -> e < 4 ? 0.4 * (0.25 + 0.75 * e / 4.0)
                : 0.4 * (1 + Math.cos(Math.PI * (e - 4) / 10)) / 2, 1e-12);
    }

    @Test
    void sequentialLRChecksItsArguments() {
        SGD opt = sgd(0.1);
        LRScheduler a = new ExponentialLR(opt, 0.9);
        LRScheduler other = new ExponentialLR(sgd(0.1), 0.9);
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt, List.of(a), new int[] {3}));
        String m = assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(opt, List.of(a, other), new int[] {3})).getMessage();
        assertTrue(m.contains("same optimizer") && m.contains("index 1"), m);
    }

    @Test
    void theFirstSchedulerRecordsInitialLrAndLaterOnesReuseIt() {
        SGD opt = sgd(0.1);
        new ExponentialLR(opt, 0.5).step();
        StepLR second = new StepLR(opt, 1, 0.1);
        assertEquals(0.1, second.baseLr(0));
    }

    @Test
    void schedulerStateRoundTripsAndContinuesInLockstep() {
        SGD opt = sgd(0.1, 0.05);
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 8, 0.001);
        for (int e = 0; e < 3; e++) {
            s.step();
        }
        SGD fresh = sgd(0.7, 0.7);
        fresh.loadStateDict(opt.stateDict());
        CosineAnnealingLR restored = new CosineAnnealingLR(fresh, 8, 0.001);
        fresh.loadStateDict(opt.stateDict());
        restored.loadStateDict(s.stateDict());
        assertEquals(3, restored.lastEpoch());
        assertEquals(s.getLastLr(), restored.getLastLr());
        for (int e = 0; e < 10; e++) {
            s.step();
            restored.step();
            assertEquals(s.getLastLr(), restored.getLastLr());
        }
    }

    @Test
    void sequentialStateIncludesItsSchedulers() {
        SGD opt = sgd(0.4);
        SequentialLR s = new SequentialLR(opt, List.of(new LinearLR(opt, 0.25, 1.0, 2),
                new ExponentialLR(opt, 0.5)), new int[] {2});
        for (int e = 0; e < 3; e++) {
            s.step();
        }
        assertEquals(3.0, s.stateDict().get("last_epoch").item());
        assertEquals(1.0, s.stateDict().get("schedulers.1.last_epoch").item());
        SGD fresh = sgd(0.4);
        SequentialLR restored = new SequentialLR(fresh, List.of(new LinearLR(fresh, 0.25, 1.0, 2),
                new ExponentialLR(fresh, 0.5)), new int[] {2});
        fresh.loadStateDict(opt.stateDict());
        restored.loadStateDict(s.stateDict());
        s.step();
        restored.step();
        assertEquals(s.getLastLr(), restored.getLastLr());
        assertEquals(0.4 * 0.25, s.getLastLr().get(0), 1e-15);
    }

    @Test
    void loadingAStateForAnotherGroupCountIsRefused() {
        CosineAnnealingLR s = new CosineAnnealingLR(sgd(0.1, 0.2), 5);
        CosineAnnealingLR single = new CosineAnnealingLR(sgd(0.1), 5);
        String m = assertThrows(IllegalArgumentException.class, () -> single.loadStateDict(s.stateDict())).getMessage();
        assertEquals("CosineAnnealingLR.loadStateDict: base_lrs has shape [2] but the optimizer has 1 param groups", m);
    }

    @Test
    void invalidSchedulerArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(0.1), 0));
        String m = assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(0.1), 0, 1, 5)).getMessage();
        assertTrue(m.startsWith("LinearLR: Starting multiplicative factor expected to be greater than 0"), m);
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(0.1), 0.5, 1.5, 5));
    }
}

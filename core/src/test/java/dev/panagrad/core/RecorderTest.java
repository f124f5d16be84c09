package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Recorder#wouldRecord}: the question a gradient rule asks before taking a fused, unrecorded path. */
class RecorderTest {
    private final Tensor x = Tensor.of(new double[] {1, 2}, 2);

    @Test
    void nothingRecordsWithoutATape() {
        assertFalse(Recorder.wouldRecord(x, Tensor.ones(2).requiresGrad(true)));
    }

    @Test
    void aRecordingTapeRecordsWhatItTracks() {
        try (Tape tape = Tape.record()) {
            assertFalse(Recorder.wouldRecord(x), "not tracked yet");
            tape.watch(x);
            assertTrue(Recorder.wouldRecord(x), "watched");
            assertTrue(Recorder.wouldRecord(Tensor.zeros(DType.FLOAT64, 2), x.mul(2)), "the output of a recorded op");
            assertTrue(Recorder.wouldRecord(Tensor.ones(2).requiresGrad(true)), "requires grad");
        }
    }

    @Test
    void noGradRecordsNothing() {
        try (Tape tape = Tape.record(); NoGrad ng = NoGrad.enter()) {
            tape.watch(x);
            assertFalse(Recorder.wouldRecord(x));
        }
    }

    @Test
    void aRuleSeesOnlyEnclosingTapesRecording() {
        List<Boolean> seen = new ArrayList<>();
        // y = 2x, with a rule that reports whether its ops would be recorded
        Function<Tensor, Tensor> probe = in -> Recorder.record("probe", in.mul(2).detach(), (g, grads) -> {
            seen.add(Recorder.wouldRecord(g, in));
            grads.add(in, g.mul(2));
        }, in);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            tape.gradient(probe.apply(x).sum(), x);
        }
        try (Tape outer = Tape.record()) {
            outer.watch(x);
            try (Tape inner = Tape.record()) {
                inner.watch(x);
                inner.gradient(probe.apply(x).sum(), x);
            }
        }
        assertEquals(List.of(false, true), seen,
                "alone: the computing tape has stopped recording; nested: the outer tape records");
    }
}

package dev.panagrad.core;

import java.util.ArrayList;

/**
 * The per-thread recording state (active tapes, no-grad depth) and the single entry point through
 * which every op, built-in or custom, finishes: anomaly checks, then recording on each active tape
 * that tracks one of the op's inputs.
 */
final class Recorder {
    private static final ThreadLocal<Recorder> CURRENT = ThreadLocal.withInitial(Recorder::new);

    final ArrayList<Tape> tapes = new ArrayList<>(2);
    int noGradDepth;
    /** The entry whose gradient rule is running on this thread, for anomaly messages; null outside a reverse pass. */
    TapeEntry replaying;

    private Recorder() {}

    static Recorder current() {
        return CURRENT.get();
    }

    /**
     * Whether an op on any of {@code tensors} would be recorded now: no {@link NoGrad} scope is open
     * and a recording tape on this thread tracks one of them. A gradient rule asks this of its
     * cotangent and saved tensors to choose how to compute: when it is false (the usual training step,
     * since the tape computing a gradient stops recording), nothing would record the rule's ops, so one
     * fused kernel may compute the input gradients; when it is true, an enclosing tape is recording and
     * the rule must compose differentiable Tensor ops so that tape can differentiate them again.
     */
    static boolean wouldRecord(Tensor... tensors) {
        Recorder state = CURRENT.get();
        if (state.noGradDepth > 0) {
            return false;
        }
        for (Tape tape : state.tapes) {
            if (tape.isRecording() && tape.tracksAny(tensors)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finishes an op: checks its output in anomaly mode and, when a tape on this thread is recording
     * and tracks an input, records {@code rule} as the op's gradient. A null rule marks a
     * non-differentiable op (comparisons, argmax, integer results).
     *
     * @return {@code output}, now tracked by the tapes that recorded it
     */
    static Tensor record(String name, Tensor output, BackwardRule rule, Tensor... inputs) {
        String site = null;
        if (Anomaly.enabled()) {
            site = Anomaly.callSite();
            Anomaly.check(output, name, site);
        }
        if (rule == null || !output.dtype().isFloatingPoint()) {
            return output;
        }
        Recorder state = CURRENT.get();
        if (state.tapes.isEmpty() || state.noGradDepth > 0) {
            return output;
        }
        TapeEntry entry = null;
        for (Tape tape : state.tapes) {
            if (tape.isRecording() && tape.tracksAny(inputs)) {
                if (entry == null) {
                    for (Tensor in : inputs) {
                        if (in == output) {
                            throw new IllegalStateException(name + ": an op must return a new tensor, not its input");
                        }
                    }
                    entry = new TapeEntry(name, output, rule, inputs.clone(), site);
                }
                entry.addTape(tape);
                tape.append(entry);
            }
        }
        if (entry != null) {
            output.producer = entry;
        }
        return output;
    }
}

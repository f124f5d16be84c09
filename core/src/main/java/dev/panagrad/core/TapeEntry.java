package dev.panagrad.core;

import java.util.Arrays;

/**
 * One recorded op: its name, inputs (with their storage versions at record time), output and
 * backward rule. An entry is shared by every tape that recorded it (nested tapes record the same op
 * once each) and releases what it holds when the last of those tapes lets it go.
 */
final class TapeEntry {
    final String name;
    /** Where the op was created; only captured in anomaly mode, else null. */
    final String site;
    Tensor[] inputs;
    private int[] inputVersions;
    Tensor output;
    BackwardRule rule;
    private Tape[] tapes = new Tape[0];

    TapeEntry(String name, Tensor output, BackwardRule rule, Tensor[] inputs, String site) {
        this.name = name;
        this.output = output;
        this.rule = rule;
        this.inputs = inputs;
        this.site = site;
        this.inputVersions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputVersions[i] = inputs[i].version();
        }
    }

    void addTape(Tape tape) {
        tapes = Arrays.copyOf(tapes, tapes.length + 1);
        tapes[tapes.length - 1] = tape;
    }

    boolean recordedBy(Tape tape) {
        for (Tape t : tapes) {
            if (t == tape) {
                return true;
            }
        }
        return false;
    }

    /** Forgets {@code tape}; when no tape is left, drops inputs and rule so their memory can be freed. */
    void release(Tape tape) {
        int n = 0;
        Tape[] kept = new Tape[tapes.length];
        for (Tape t : tapes) {
            if (t != tape) {
                kept[n++] = t;
            }
        }
        tapes = Arrays.copyOf(kept, n);
        if (n == 0) {
            inputs = null;
            rule = null;
            output = null;
        }
    }

    /** Fails if an input was updated in place after this op saved it. */
    void checkVersions() {
        for (int i = 0; i < inputs.length; i++) {
            int now = inputs[i].version();
            if (now != inputVersions[i]) {
                throw new IllegalStateException(name + ": input " + i + " of shape " + Shapes.format(inputs[i].shape())
                        + " was modified in place after the op recorded it (version " + inputVersions[i] + ", now " + now
                        + "); compute the gradient before updating parameters");
            }
        }
    }
}

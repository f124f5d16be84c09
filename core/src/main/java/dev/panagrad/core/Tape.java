package dev.panagrad.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Wengert list: while open, it records every op on this thread whose inputs it tracks (a tensor
 * with {@link Tensor#requiresGrad()}, a {@linkplain #watch watched} tensor, or the output of an op
 * it recorded). {@link #gradient} then walks the records backwards.
 *
 * {@snippet :
 * Tensor w = Tensor.randn(new Rng(0), 3).requiresGrad(true);
 * try (Tape tape = Tape.record()) {
 *     Tensor loss = w.mul(w).sum();            // loss = Σ w²
 *     Tensor dw = tape.gradient(loss, w).get(w); // 2w
 * }
 * }
 *
 * <p><b>Higher order.</b> While a tape computes a gradient it stops recording, but enclosing tapes
 * keep recording the rules' ops, so the gradient is differentiable by any enclosing tape.
 *
 * <p>A tape is confined to the thread that opened it. A tape made by {@link #record()} allows one
 * {@link #gradient} call and frees its records after it; {@link #recordPersistent()} allows many.
 * Closing a tape frees everything it holds.
 */
public final class Tape implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final boolean persistent;
    private final Set<Tensor> watched = Collections.newSetFromMap(new IdentityHashMap<>());
    private ArrayList<TapeEntry> entries = new ArrayList<>();
    private boolean recording = true;
    private boolean used;
    private boolean closed;

    private Tape(boolean persistent) {
        this.persistent = persistent;
        Recorder.current().tapes.add(this);
    }

    /** Opens a single-use tape on this thread: one {@link #gradient} call, after which it frees its records. */
    public static Tape record() {
        return new Tape(false);
    }

    /** Opens a persistent tape: {@link #gradient} may be called several times until it is closed. */
    public static Tape recordPersistent() {
        return new Tape(true);
    }

    /** Tracks {@code t} on this tape (as {@code tf.GradientTape.watch}); returns {@code t}. */
    public Tensor watch(Tensor t) {
        checkUsable("watch");
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("watch: only floating-point tensors can be differentiated, got " + t.dtype());
        }
        watched.add(t);
        return t;
    }

    /** Number of op records this tape holds (0 once closed, or once a single-use tape has been used). */
    public int size() {
        return entries.size();
    }

    /**
     * Gradients of a scalar {@code target} with respect to each source.
     *
     * @throws IllegalArgumentException if the target is not a scalar (use the cotangent form)
     */
    public Gradients gradient(Tensor target, Tensor... sources) {
        return gradient(target, List.of(sources));
    }

    /**
     * Gradients of a scalar {@code target} with respect to each source (e.g. a model's parameters).
     *
     * @throws IllegalArgumentException if the target is not a scalar (use the cotangent form)
     */
    public Gradients gradient(Tensor target, List<Tensor> sources) {
        if (target.numel() != 1) {
            throw new IllegalArgumentException("gradient: target must be a scalar, got shape " + Shapes.format(target.shape())
                    + "; pass a cotangent of that shape for non-scalar targets");
        }
        if (!target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("gradient: target must be floating point, got " + target.dtype());
        }
        return gradient(target, Tensor.onesLike(target), sources);
    }

    /**
     * Vector-Jacobian products: the gradient of ⟨target, cotangent⟩ with respect to each source.
     * A source that does not influence the target gets zeros of its shape.
     */
    public Gradients gradient(Tensor target, Tensor cotangent, List<Tensor> sources) {
        checkUsable("gradient");
        if (used && !persistent) {
            throw new IllegalStateException("gradient: this single-use tape was already used; open it with "
                    + "Tape.recordPersistent() to call gradient several times");
        }
        if (!java.util.Arrays.equals(target.shape(), cotangent.shape()) || target.dtype() != cotangent.dtype()) {
            throw new IllegalArgumentException("gradient: cotangent " + Shapes.format(cotangent.shape()) + " " + cotangent.dtype()
                    + " does not match target " + Shapes.format(target.shape()) + " " + target.dtype());
        }
        used = true;
        Set<Tensor> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Tensor> sourceSet = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor s : sources) {
            sourceSet.add(s);
            if (!s.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("gradient: source of dtype " + s.dtype() + " cannot have a gradient");
            }
            relevant.add(s);
        }
        for (TapeEntry e : entries) {
            for (Tensor in : e.inputs) {
                if (relevant.contains(in)) {
                    relevant.add(e.output);
                    break;
                }
            }
        }
        GradientAccumulator grads = new GradientAccumulator(!recordedElsewhere() && !Anomaly.enabled());
        grads.put(target, cotangent);
        recording = false;
        try {
            for (int i = entries.size() - 1; i >= 0; i--) {
                TapeEntry e = entries.get(i);
                if (!relevant.contains(e.output)) {
                    continue;
                }
                // a source's gradient stays for the result; any other is no longer needed: let it be freed during the pass
                Tensor g = sourceSet.contains(e.output) ? grads.get(e.output) : grads.remove(e.output);
                if (g == null) {
                    continue;
                }
                e.checkVersions();
                Recorder state = Recorder.current();
                TapeEntry outerRule = state.replaying;
                state.replaying = e;
                try {
                    e.rule.backward(g, new Sink(e, relevant, grads));
                } finally {
                    state.replaying = outerRule;
                }
            }
        } finally {
            recording = true;
            if (!persistent) {
                releaseAll();
            }
        }
        Map<Tensor, Tensor> result = new IdentityHashMap<>();
        for (Tensor s : sources) {
            Tensor g = grads.get(s);
            result.put(s, g != null ? g : Tensor.zerosLike(s));
        }
        return new Gradients(sources, result);
    }

    /** Whether another tape on this thread would record the ops of a reverse pass of this one. */
    private boolean recordedElsewhere() {
        Recorder state = Recorder.current();
        if (state.noGradDepth > 0) {
            return false;
        }
        for (Tape t : state.tapes) {
            if (t != this && t.isRecording()) {
                return true;
            }
        }
        return false;
    }

    /** Ends recording and frees all records. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkThread("close");
        closed = true;
        releaseAll();
        watched.clear();
        Recorder.current().tapes.remove(this);
    }

    boolean isRecording() {
        return recording && !closed;
    }

    void append(TapeEntry e) {
        entries.add(e);
    }

    /** Whether this tape tracks {@code t}: requires-grad, watched, or produced by an op it recorded. */
    boolean tracks(Tensor t) {
        if (t.requiresGrad() || (!watched.isEmpty() && watched.contains(t))) {
            return true;
        }
        TapeEntry p = t.producer;
        return p != null && p.recordedBy(this);
    }

    boolean tracksAny(Tensor[] ts) {
        for (Tensor t : ts) {
            if (tracks(t)) {
                return true;
            }
        }
        return false;
    }

    private void releaseAll() {
        for (TapeEntry e : entries) {
            e.release(this);
        }
        entries = new ArrayList<>();
    }

    private void checkUsable(String what) {
        checkThread(what);
        if (closed) {
            throw new IllegalStateException(what + ": the tape is closed");
        }
    }

    private void checkThread(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(what + ": a tape is confined to the thread that opened it (" + owner.getName()
                    + "), called from " + Thread.currentThread().getName());
        }
    }

    /** Collects one rule's input gradients, accumulating by identity and checking shape and dtype. */
    static final class Sink implements GradientSink {
        private final TapeEntry entry;
        private final Set<Tensor> relevant;
        private final GradientAccumulator grads;

        Sink(TapeEntry entry, Set<Tensor> relevant, GradientAccumulator grads) {
            this.entry = entry;
            this.relevant = relevant;
            this.grads = grads;
        }

        @Override
        public boolean needs(Tensor input) {
            return relevant.contains(input);
        }

        @Override
        public void add(Tensor input, Tensor gradient) {
            if (!java.util.Arrays.equals(input.shape(), gradient.shape()) || input.dtype() != gradient.dtype()) {
                throw new IllegalStateException(entry.name + ": gradient rule produced " + Shapes.format(gradient.shape()) + " "
                        + gradient.dtype() + " for an input of " + Shapes.format(input.shape()) + " " + input.dtype());
            }
            if (!relevant.contains(input)) {
                return;
            }
            if (entry.site != null || Anomaly.enabled()) {
                Anomaly.check(gradient, "the gradient rule of " + entry.name, entry.site != null ? entry.site : "<recorded outside anomaly mode>");
            }
            grads.add(input, gradient);
        }

        /**
         * Adds the 2-D product {@code op(a)·op(b)} to the gradient of {@code input} (see
         * {@link GradientAccumulator#addProduct}): computed into the running sum when the pass is not recorded.
         */
        void addProduct(Tensor input, Tensor a, boolean transA, Tensor b, boolean transB) {
            if (!relevant.contains(input)) {
                return;
            }
            int[] as = a.shapeRef(), bs = b.shapeRef(), shape = input.shapeRef();
            int m = transA ? as[1] : as[0], n = transB ? bs[0] : bs[1];
            if (shape.length != 2 || shape[0] != m || shape[1] != n || a.dtype() != input.dtype() || b.dtype() != input.dtype()) {
                throw new IllegalStateException(entry.name + ": gradient rule produced a [" + m + ", " + n + "] product for an "
                        + "input of " + Shapes.format(shape) + " " + input.dtype());
            }
            if (entry.site != null) {
                add(input, LinearAlgebra.matmul(a, b, transA, transB));
            } else {
                grads.addProduct(input, a, transA, b, transB);
            }
        }

        /**
         * Adds the gradient of a slice of {@code input} (see {@link GradientAccumulator#addSlice}):
         * {@code g} is the gradient of its entries {@code start, start+step, …} along dim {@code d}.
         */
        void addSlice(Tensor input, Tensor g, int d, int start, int step) {
            if (relevant.contains(input)) {
                if (entry.site != null) {
                    add(input, Slicing.sliceBackward(g, d, input.shapeRef()[d], start, step));
                } else {
                    grads.addSlice(input, g, d, start, step);
                }
            }
        }
    }
}

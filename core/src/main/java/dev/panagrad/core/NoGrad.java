package dev.panagrad.core;

/**
 * A scope in which no op is recorded on any tape of this thread, like {@code torch.no_grad()}:
 * for inference and for parameter updates.
 *
 * {@snippet :
 * try (var scope = NoGrad.enter()) {
 *     Tensor prediction = model.forward(x); // nothing recorded
 * }
 * }
 */
public final class NoGrad implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private NoGrad() {
        Recorder.current().noGradDepth++;
    }

    /** Stops recording on this thread until the returned scope closes. Scopes nest. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** Whether a no-grad scope is open on this thread. */
    public static boolean active() {
        return Recorder.current().noGradDepth > 0;
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGrad: a scope must be closed on the thread that opened it");
        }
        if (!closed) {
            closed = true;
            Recorder.current().noGradDepth--;
        }
    }
}

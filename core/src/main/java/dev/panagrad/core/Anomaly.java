package dev.panagrad.core;

import java.util.Set;

/**
 * Anomaly detection, like {@code torch.autograd.detect_anomaly}: inside a scope, the first NaN or Inf
 * produced by a forward op or by a gradient rule throws an {@link AnomalyException} naming the op and
 * the line of user code that created it. Off by default; when off, ops pay one field read.
 *
 * {@snippet :
 * try (var scope = Anomaly.detect()) {
 *     Tensor y = x.log(); // throws if x holds 0 or negatives: "log produced -Infinity ... at MyModel.java:42"
 * }
 * }
 */
public final class Anomaly {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** Number of open scopes on all threads; lets the common case skip the thread-local lookup. */
    private static volatile int openScopes;

    private Anomaly() {}

    /** Turns detection on for the current thread until the returned scope closes. Scopes nest. */
    public static Scope detect() {
        DEPTH.get()[0]++;
        synchronized (Anomaly.class) {
            openScopes++;
        }
        return new Scope();
    }

    /** Whether detection is on for the current thread. */
    public static boolean enabled() {
        return openScopes > 0 && DEPTH.get()[0] > 0;
    }

    /** An open anomaly-detection scope; closing it restores the previous state. */
    public static final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {}

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            DEPTH.get()[0]--;
            synchronized (Anomaly.class) {
                openScopes--;
            }
        }
    }

    private static final Set<String> CORE_PACKAGES = Set.of("dev.panagrad.core", "dev.panagrad.core.check",
            "dev.panagrad.core.kernels", "dev.panagrad.core.kernels.simd");

    /** The first stack frame outside Panagrad's core packages: the user's line that called the op. */
    static String callSite() {
        return StackWalker.getInstance()
                .walk(frames -> frames
                        .filter(f -> !CORE_PACKAGES.contains(packageOf(f.getClassName())))
                        .findFirst()
                        .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                        .orElse("<unknown>"));
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Throws if {@code t} holds a NaN or an infinity; {@code what} says where it came from. */
    static void check(Tensor t, String what, String site) {
        if (!t.dtype().isFloatingPoint()) {
            return;
        }
        int n = t.numel();
        for (int i = 0; i < n; i++) {
            double v = t.flatDouble(i);
            if (!Double.isFinite(v)) {
                TapeEntry rule = Recorder.current().replaying;
                String context = rule == null ? "" : " while computing the gradient of " + rule.name
                        + (rule.site != null ? " (created at " + rule.site + ")" : "");
                throw new AnomalyException(what + " produced " + v + " at flat index " + i + " of a tensor of shape "
                        + Shapes.format(t.shape()) + context + "; the op was created at " + site);
            }
        }
    }
}

package dev.panagrad.nn.optim;

/** Hyperparameter checks with PyTorch's messages ("Invalid learning rate: -1"), and number formatting. */
final class Hyper {
    private Hyper() {}

    /**
     * Throws {@code IllegalArgumentException("<who>: <message><value>")} unless {@code ok}. Comparisons
     * are written so that NaN fails them, as PyTorch's {@code if not 0.0 <= lr} does.
     */
    static void require(boolean ok, String who, String message, double value) {
        if (!ok) {
            throw new IllegalArgumentException(who + ": " + message + format(value));
        }
    }

    /** PyTorch's learning-rate check: {@code 0 <= lr}. */
    static void learningRate(String who, double lr) {
        require(0.0 <= lr, who, "Invalid learning rate: ", lr);
    }

    /** PyTorch's weight-decay check: {@code 0 <= weight_decay}. */
    static void weightDecay(String who, double weightDecay) {
        require(0.0 <= weightDecay, who, "Invalid weight_decay value: ", weightDecay);
    }

    /** PyTorch's epsilon check: {@code 0 <= eps}. */
    static void eps(String who, double eps) {
        require(0.0 <= eps, who, "Invalid epsilon value: ", eps);
    }

    /** PyTorch's momentum check: {@code 0 <= momentum}. */
    static void momentum(String who, double momentum) {
        require(0.0 <= momentum, who, "Invalid momentum value: ", momentum);
    }

    /** A number as a user wrote it: {@code -1} rather than {@code -1.0}, {@code 0.001} for 1e-3. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

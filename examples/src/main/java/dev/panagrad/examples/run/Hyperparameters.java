package dev.panagrad.examples.run;

/**
 * The training settings a user can override from the command line; each {@link Experiment} has its
 * own defaults (its recipe), and {@code train --epochs/--batch-size/--lr/--optimizer} replace them.
 *
 * @param epochs passes over the training set
 * @param batchSize examples per optimizer step
 * @param lr the (peak) learning rate
 * @param optimizer which optimizer updates the parameters
 */
public record Hyperparameters(int epochs, int batchSize, double lr, OptimizerChoice optimizer) {
    /** Checks that every value is usable. */
    public Hyperparameters {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("--optimizer is required");
        }
    }

    /** The learning rate as people write it: {@code 0.0002}, {@code 0.003}, not {@code 2.0E-4}. */
    public String lrText() {
        return java.math.BigDecimal.valueOf(lr).stripTrailingZeros().toPlainString();
    }
}

package dev.panagrad.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link Adam} and {@link AdamW}: {@code lr} 1e-3, {@code betas} (0.9, 0.999),
 * {@code eps} 1e-8, {@code weight_decay} 0 for Adam and 1e-2 for AdamW, {@code amsgrad} and
 * {@code maximize} false. In param groups and state dicts the betas are the entries {@code beta1} and
 * {@code beta2}.
 */
public final class AdamOptions {
    final Map<String, Double> values = new LinkedHashMap<>();

    AdamOptions(double weightDecay) {
        values.put("lr", 1e-3);
        values.put("beta1", 0.9);
        values.put("beta2", 0.999);
        values.put("eps", 1e-8);
        values.put("weight_decay", weightDecay);
        values.put("amsgrad", 0.0);
        values.put("maximize", 0.0);
    }

    /** Learning rate γ. */
    public AdamOptions lr(double lr) {
        values.put("lr", lr);
        return this;
    }

    /** Decay rates β₁ and β₂ of the first and second moment averages, each in [0, 1). */
    public AdamOptions betas(double beta1, double beta2) {
        values.put("beta1", beta1);
        values.put("beta2", beta2);
        return this;
    }

    /** Term ε added to the denominator for numerical stability. */
    public AdamOptions eps(double eps) {
        values.put("eps", eps);
        return this;
    }

    /** Weight decay λ: an L2 penalty for Adam, the decoupled decay θ ← θ(1 − γλ) for AdamW. */
    public AdamOptions weightDecay(double weightDecay) {
        values.put("weight_decay", weightDecay);
        return this;
    }

    /** Use the AMSGrad variant (the running maximum of the second moment). */
    public AdamOptions amsgrad(boolean amsgrad) {
        values.put("amsgrad", amsgrad ? 1.0 : 0.0);
        return this;
    }

    /** Maximize the objective instead of minimizing it. */
    public AdamOptions maximize(boolean maximize) {
        values.put("maximize", maximize ? 1.0 : 0.0);
        return this;
    }
}

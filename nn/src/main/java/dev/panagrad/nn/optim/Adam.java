package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam, as {@code torch.optim.Adam} (with its AMSGrad variant). For each parameter θ with gradient g,
 * step t:
 * <pre>
 * g ← −g                                 if maximize
 * g ← g + λ·θ                            if weight_decay λ ≠ 0 (an L2 penalty; see {@link AdamW})
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * v ← vmax ← max(vmax, v)                if amsgrad
 * θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * with m, v and vmax starting at 0; the bias corrections are applied exactly as PyTorch's
 * implementation does. State: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and
 * {@code max_exp_avg_sq} with AMSGrad.
 */
public final class Adam extends Optimizer {
    /** Options with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamOptions options() {
        return new AdamOptions(0.0);
    }

    /** Adam with PyTorch's defaults over {@code params}. */
    public Adam(List<Tensor> params) {
        this(params, options());
    }

    /** Adam over {@code params} with the given options. */
    public Adam(List<Tensor> params, AdamOptions options) {
        this(options, List.of(new ParamGroup(params)));
    }

    private Adam(AdamOptions defaults, List<ParamGroup> groups) {
        super("Adam", defaults.values, groups);
    }

    /** Adam over several parameter groups, each overriding {@code defaults} where it sets a hyperparameter. */
    public static Adam ofGroups(List<ParamGroup> groups, AdamOptions defaults) {
        return new Adam(defaults, groups);
    }

    @Override
    protected void checkHyperparameters(String who, ParamGroup group) {
        AdamUpdate.check(who, group);
    }

    @Override
    protected Set<String> stateNames() {
        return AdamUpdate.STATE_NAMES;
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, ParamGroup group, ParamState state) {
        return AdamUpdate.update(param, grad, group, state, false);
    }
}

package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first shrinks the
 * parameter, θ ← θ·(1 − γλ), then applies {@link Adam}'s update with the gradient alone (λ does not
 * enter the moments). Defaults are Adam's except weight_decay 1e-2. State as Adam's.
 */
public final class AdamW extends Optimizer {
    /** Options with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2. */
    public static AdamOptions options() {
        return new AdamOptions(1e-2);
    }

    /** AdamW with PyTorch's defaults over {@code params}. */
    public AdamW(List<Tensor> params) {
        this(params, options());
    }

    /** AdamW over {@code params} with the given options. */
    public AdamW(List<Tensor> params, AdamOptions options) {
        this(options, List.of(new ParamGroup(params)));
    }

    private AdamW(AdamOptions defaults, List<ParamGroup> groups) {
        super("AdamW", defaults.values, groups);
    }

    /** AdamW over several parameter groups, each overriding {@code defaults} where it sets a hyperparameter. */
    public static AdamW ofGroups(List<ParamGroup> groups, AdamOptions defaults) {
        return new AdamW(defaults, groups);
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
        return AdamUpdate.update(param, grad, group, state, true);
    }
}

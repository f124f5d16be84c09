package dev.panagrad.nn.optim;

import dev.panagrad.core.FusedUpdates;
import dev.panagrad.core.Tensor;
import java.util.Set;

/**
 * The update shared by {@link Adam} and {@link AdamW}, which differ only in how weight decay enters.
 * The fused ops ({@link Tensor#add(Tensor, double)}, {@link Tensor#addcmul}, {@link Tensor#addcdiv})
 * round exactly as the plain compositions in the comments, in one pass each.
 */
final class AdamUpdate {
    static final Set<String> STATE_NAMES = Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    private AdamUpdate() {}

    static void check(String who, ParamGroup group) {
        Hyper.learningRate(who, group.lr());
        Hyper.eps(who, group.get("eps"));
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        Hyper.require(0.0 <= beta1 && beta1 < 1.0, who, "Invalid beta parameter at index 0: ", beta1);
        Hyper.require(0.0 <= beta2 && beta2 < 1.0, who, "Invalid beta parameter at index 1: ", beta2);
        Hyper.weightDecay(who, group.get("weight_decay"));
    }

    /**
     * One step of PyTorch's Adam ({@code decoupled} false) or AdamW ({@code decoupled} true). Without
     * AMSGrad it is one pass of {@link FusedUpdates#adam}, which writes the parameter in place and rounds
     * every element as the op-by-op form below (bitwise the same); AMSGrad runs that form.
     */
    static Tensor update(Tensor param, Tensor grad, ParamGroup group, ParamState state, boolean decoupled) {
        if (!group.flag("amsgrad")) {
            long t = state.incrementStep();
            FusedUpdates.Moments moments = FusedUpdates.adam(param, grad, state.get("exp_avg"), state.get("exp_avg_sq"),
                    group.lr(), group.get("beta1"), group.get("beta2"), group.get("eps"), group.get("weight_decay"), decoupled,
                    group.flag("maximize"), t);
            state.put("exp_avg", moments.expAvg());
            state.put("exp_avg_sq", moments.expAvgSq());
            return param;
        }
        double lr = group.lr();
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        double weightDecay = group.get("weight_decay");
        Tensor g = group.flag("maximize") ? grad.neg() : grad;
        Tensor theta = param;
        if (decoupled) {
            theta = param.mul(1 - lr * weightDecay);                     // θ(1 − γλ)
        } else if (weightDecay != 0) {
            g = g.add(param, weightDecay);                               // g + λθ
        }
        long t = state.incrementStep();
        Tensor m = state.getOrZeros("exp_avg", param).mul(beta1).add(g, 1 - beta1);         // β₁m + (1−β₁)g
        Tensor v = state.getOrZeros("exp_avg_sq", param).mul(beta2).addcmul(g, g, 1 - beta2); // β₂v + (1−β₂)g²
        state.put("exp_avg", m);
        state.put("exp_avg_sq", v);
        if (group.flag("amsgrad")) {
            v = state.getOrZeros("max_exp_avg_sq", param).maximum(v);   // v̂max ← max(v̂max, v)
            state.put("max_exp_avg_sq", v);
        }
        double stepSize = lr / (1 - Math.pow(beta1, t));                 // γ / (1 − β₁ᵗ)
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));  // √(1 − β₂ᵗ)
        Tensor denom = v.sqrt().div(biasCorrection2Sqrt).add(group.get("eps"));
        return theta.addcdiv(m, denom, -stepSize);                       // θ − stepSize · m / denom
    }
}

package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RMSprop, as {@code torch.optim.RMSprop}. For each parameter θ with gradient g:
 * <pre>
 * g ← −g                           if maximize
 * g ← g + λ·θ                      if weight_decay λ ≠ 0
 * v ← α·v + (1 − α)·g²
 * if centered: ḡ ← α·ḡ + (1 − α)·g;  d ← √(v − ḡ²) + ε   else d ← √v + ε
 * if momentum μ &gt; 0: b ← μ·b + g/d;  θ ← θ − γ·b
 * else:             θ ← θ − γ·g/d
 * </pre>
 * with v, ḡ and b starting at 0. Defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, momentum 0,
 * not centered. State: {@code step}, {@code square_avg}, {@code grad_avg} (centered) and
 * {@code momentum_buffer} (momentum).
 */
public final class RMSprop extends Optimizer {
    /** Hyperparameters of RMSprop. */
    public static final class Options {
        private final Map<String, Double> values = new LinkedHashMap<>();

        private Options() {
            values.put("lr", 1e-2);
            values.put("alpha", 0.99);
            values.put("eps", 1e-8);
            values.put("weight_decay", 0.0);
            values.put("momentum", 0.0);
            values.put("centered", 0.0);
            values.put("maximize", 0.0);
        }

        /** Learning rate γ (default 1e-2). */
        public Options lr(double lr) {
            values.put("lr", lr);
            return this;
        }

        /** Smoothing constant α of the squared-gradient average (default 0.99). */
        public Options alpha(double alpha) {
            values.put("alpha", alpha);
            return this;
        }

        /** Term ε added to the denominator (default 1e-8). */
        public Options eps(double eps) {
            values.put("eps", eps);
            return this;
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Options weightDecay(double weightDecay) {
            values.put("weight_decay", weightDecay);
            return this;
        }

        /** Momentum factor μ (default 0). */
        public Options momentum(double momentum) {
            values.put("momentum", momentum);
            return this;
        }

        /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
        public Options centered(boolean centered) {
            values.put("centered", centered ? 1.0 : 0.0);
            return this;
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Options maximize(boolean maximize) {
            values.put("maximize", maximize ? 1.0 : 0.0);
            return this;
        }
    }

    /** Options with PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    /** RMSprop with PyTorch's defaults over {@code params}. */
    public RMSprop(List<Tensor> params) {
        this(params, options());
    }

    /** RMSprop over {@code params} with the given options. */
    public RMSprop(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup(params)));
    }

    private RMSprop(Options defaults, List<ParamGroup> groups) {
        super("RMSprop", defaults.values, groups, RMSprop::check, Set.of("square_avg", "grad_avg", "momentum_buffer"));
    }

    /** RMSprop over several parameter groups, each overriding {@code defaults} where it sets a hyperparameter. */
    public static RMSprop ofGroups(List<ParamGroup> groups, Options defaults) {
        return new RMSprop(defaults, groups);
    }

    private static void check(String who, ParamGroup group) {
        Hyper.learningRate(who, group.lr());
        Hyper.eps(who, group.get("eps"));
        Hyper.momentum(who, group.get("momentum"));
        Hyper.weightDecay(who, group.get("weight_decay"));
        Hyper.require(0.0 <= group.get("alpha"), who, "Invalid alpha value: ", group.get("alpha"));
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, ParamGroup group, ParamState state) {
        double alpha = group.get("alpha");
        double weightDecay = group.get("weight_decay");
        double momentum = group.get("momentum");
        Tensor g = group.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) {
            g = g.add(param, weightDecay);                                       // g + λθ
        }
        state.incrementStep();
        Tensor v = state.getOrZeros("square_avg", param).mul(alpha).addcmul(g, g, 1 - alpha); // αv + (1−α)g²
        state.put("square_avg", v);
        Tensor avg;
        if (group.flag("centered")) {
            Tensor gAvg = state.getOrZeros("grad_avg", param).mul(alpha).add(g, 1 - alpha);  // αḡ + (1−α)g
            state.put("grad_avg", gAvg);
            avg = v.addcmul(gAvg, gAvg, -1).sqrt();                              // √(v − ḡ²)
        } else {
            avg = v.sqrt();
        }
        avg = avg.add(group.get("eps"));
        if (momentum > 0) {
            Tensor buf = state.getOrZeros("momentum_buffer", param).mul(momentum).addcdiv(g, avg, 1); // μb + g/d
            state.put("momentum_buffer", buf);
            return param.add(buf, -group.lr());
        }
        return param.addcdiv(g, avg, -group.lr());                               // θ − γ g/d
    }
}

package dev.panagrad.nn.optim;

import dev.panagrad.core.FusedUpdates;
import dev.panagrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay, as
 * {@code torch.optim.SGD}. For each parameter θ with gradient g, step t:
 * <pre>
 * g ← −g                       if maximize
 * g ← g + λ·θ                  if weight_decay λ ≠ 0
 * if momentum μ ≠ 0:
 *     b ← g                    on the first step (no dampening, PyTorch's buffer initialization)
 *     b ← μ·b + (1 − τ)·g      afterwards (τ = dampening)
 *     g ← g + μ·b              if nesterov, else g ← b
 * θ ← θ − γ·g
 * </pre>
 * As PyTorch's implementation (not its pseudo-code), {@code maximize} negates the gradient before weight
 * decay. State: {@code momentum_buffer} when momentum is used; SGD counts no steps.
 */
public final class SGD extends Optimizer {
    /** Hyperparameters of SGD; the learning rate has no default. */
    public static final class Options {
        private final Map<String, Double> values = new LinkedHashMap<>();

        private Options(double lr) {
            values.put("lr", lr);
            values.put("momentum", 0.0);
            values.put("dampening", 0.0);
            values.put("weight_decay", 0.0);
            values.put("nesterov", 0.0);
            values.put("maximize", 0.0);
        }

        /** Momentum factor μ (default 0). */
        public Options momentum(double momentum) {
            values.put("momentum", momentum);
            return this;
        }

        /** Dampening τ of the momentum (default 0). */
        public Options dampening(double dampening) {
            values.put("dampening", dampening);
            return this;
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Options weightDecay(double weightDecay) {
            values.put("weight_decay", weightDecay);
            return this;
        }

        /** Nesterov momentum (default false); needs momentum &gt; 0 and zero dampening. */
        public Options nesterov(boolean nesterov) {
            values.put("nesterov", nesterov ? 1.0 : 0.0);
            return this;
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Options maximize(boolean maximize) {
            values.put("maximize", maximize ? 1.0 : 0.0);
            return this;
        }
    }

    /** Options with learning rate {@code lr} and PyTorch's other defaults. */
    public static Options options(double lr) {
        return new Options(lr);
    }

    /** Plain SGD with learning rate {@code lr} over {@code params}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, options(lr));
    }

    /** SGD over {@code params} with the given options. */
    public SGD(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup(params)));
    }

    private SGD(Options defaults, List<ParamGroup> groups) {
        super("SGD", defaults.values, groups, SGD::check, Set.of("momentum_buffer"));
    }

    /** SGD over several parameter groups, each overriding {@code defaults} where it sets a hyperparameter. */
    public static SGD ofGroups(List<ParamGroup> groups, Options defaults) {
        return new SGD(defaults, groups);
    }

    private static void check(String who, ParamGroup group) {
        Hyper.learningRate(who, group.lr());
        Hyper.momentum(who, group.get("momentum"));
        Hyper.weightDecay(who, group.get("weight_decay"));
        if (group.flag("nesterov") && (group.get("momentum") <= 0 || group.get("dampening") != 0)) {
            throw new IllegalArgumentException(who + ": Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, ParamGroup group, ParamState state) {
        if (group.get("dampening") == 0) { // one pass of FusedUpdates.sgd, bitwise the op-by-op form below
            Tensor buffer = FusedUpdates.sgd(param, grad, state.get("momentum_buffer"), group.lr(), group.get("momentum"),
                    group.get("weight_decay"), group.flag("nesterov"), group.flag("maximize"));
            if (buffer != null) {
                state.put("momentum_buffer", buffer);
            }
            return param;
        }
        double momentum = group.get("momentum");
        double weightDecay = group.get("weight_decay");
        Tensor g = group.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) {
            g = g.add(param, weightDecay);                           // g + λθ (rounded as g + θ·λ, in one pass)
        }
        if (momentum != 0) {
            Tensor buf = state.get("momentum_buffer");
            double keep = 1 - group.get("dampening");
            // μb + (1−τ)g; with τ = 0 as g + b·μ in one pass (the same rounding: addition commutes)
            // the first buffer is a copy of g (PyTorch's torch.clone(grad)): the state is updated in place later
            buf = buf == null ? g.clone() : (keep == 1 ? g.add(buf, momentum) : buf.mul(momentum).add(g, keep));
            state.put("momentum_buffer", buf);
            g = group.flag("nesterov") ? g.add(buf, momentum) : buf;
        }
        return param.add(g, -group.lr());                             // θ − γg
    }
}

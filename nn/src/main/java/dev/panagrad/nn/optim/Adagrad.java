package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adagrad, as {@code torch.optim.Adagrad}. For each parameter θ with gradient g, step t:
 * <pre>
 * g ← −g                              if maximize
 * g ← g + λ·θ                         if weight_decay λ ≠ 0
 * γ̃ ← γ / (1 + (t − 1)·η)             (η = lr_decay)
 * s ← s + g²                          (s starts at initial_accumulator_value)
 * θ ← θ − γ̃ · g / (√s + ε)
 * </pre>
 * Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10. State:
 * {@code step} and {@code sum}, created at a parameter's first step (PyTorch creates them in the
 * constructor; the values are the same).
 */
public final class Adagrad extends Optimizer {
    /** Hyperparameters of Adagrad. */
    public static final class Options {
        private final Map<String, Double> values = new LinkedHashMap<>();

        private Options() {
            values.put("lr", 1e-2);
            values.put("lr_decay", 0.0);
            values.put("weight_decay", 0.0);
            values.put("initial_accumulator_value", 0.0);
            values.put("eps", 1e-10);
            values.put("maximize", 0.0);
        }

        /** Learning rate γ (default 1e-2). */
        public Options lr(double lr) {
            values.put("lr", lr);
            return this;
        }

        /** Learning-rate decay η (default 0). */
        public Options lrDecay(double lrDecay) {
            values.put("lr_decay", lrDecay);
            return this;
        }

        /** L2 penalty λ added to the gradient (default 0). */
        public Options weightDecay(double weightDecay) {
            values.put("weight_decay", weightDecay);
            return this;
        }

        /** Starting value of the sum of squared gradients (default 0). */
        public Options initialAccumulatorValue(double value) {
            values.put("initial_accumulator_value", value);
            return this;
        }

        /** Term ε added to the denominator (default 1e-10). */
        public Options eps(double eps) {
            values.put("eps", eps);
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

    /** Adagrad with PyTorch's defaults over {@code params}. */
    public Adagrad(List<Tensor> params) {
        this(params, options());
    }

    /** Adagrad over {@code params} with the given options. */
    public Adagrad(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup(params)));
    }

    private Adagrad(Options defaults, List<ParamGroup> groups) {
        super("Adagrad", defaults.values, groups, Adagrad::check, Set.of("sum"));
    }

    /** Adagrad over several parameter groups, each overriding {@code defaults} where it sets a hyperparameter. */
    public static Adagrad ofGroups(List<ParamGroup> groups, Options defaults) {
        return new Adagrad(defaults, groups);
    }

    private static void check(String who, ParamGroup group) {
        Hyper.learningRate(who, group.lr());
        Hyper.require(0.0 <= group.get("lr_decay"), who, "Invalid lr_decay value: ", group.get("lr_decay"));
        Hyper.weightDecay(who, group.get("weight_decay"));
        Hyper.require(0.0 <= group.get("initial_accumulator_value"), who, "Invalid initial_accumulator_value value: ",
                group.get("initial_accumulator_value"));
        Hyper.eps(who, group.get("eps"));
    }

    @Override
    protected Tensor update(Tensor param, Tensor grad, ParamGroup group, ParamState state) {
        double weightDecay = group.get("weight_decay");
        Tensor g = group.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) {
            g = g.add(param, weightDecay);                                      // g + λθ
        }
        long t = state.incrementStep();
        double clr = group.lr() / (1 + (t - 1) * group.get("lr_decay"));      // γ / (1 + (t−1)η)
        Tensor sum = state.get("sum");
        if (sum == null) {
            sum = Tensor.fullLike(param, group.get("initial_accumulator_value"));
        }
        sum = sum.addcmul(g, g, 1);                                              // s + g²
        state.put("sum", sum);
        return param.addcdiv(g, sum.sqrt().add(group.get("eps")), -clr);        // θ − γ̃ g/(√s + ε)
    }
}

package dev.panagrad.nn.optim;

import java.util.Arrays;
import java.util.List;

/**
 * The 1cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR}: the learning rate rises from
 * {@code maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of {@code totalSteps}, then
 * anneals to {@code initial_lr / finalDivFactor}; momentum (SGD, RMSprop) or β₁ (Adam, AdamW) cycles
 * inversely between {@code maxMomentum} and {@code baseMomentum}. It is stepped after every batch.
 *
 * <p>Phase ends are {@code pctStart·totalSteps − 1} and {@code totalSteps − 1} (with three phases:
 * {@code pctStart·totalSteps − 1}, {@code 2·pctStart·totalSteps − 2}, {@code totalSteps − 1}); within a
 * phase, {@code pct = (step − start) / (end − start)} and the value is {@code end + (start − end)/2 ·
 * (1 + cos(π·pct))} (cos) or {@code start + (end − start)·pct} (linear). The schedule's values live in
 * each group as {@code initial_lr}, {@code max_lr}, {@code min_lr}, {@code max_momentum} and
 * {@code base_momentum}, as in PyTorch. Like PyTorch, cycling momentum on SGD sets its momentum even if
 * it was 0.
 */
public final class OneCycleLR extends LRScheduler {
    /** How a phase moves between its two values. */
    public enum AnnealStrategy {
        /** Cosine annealing (PyTorch's 'cos', the default). */
        COS,
        /** Linear annealing (PyTorch's 'linear'). */
        LINEAR
    }

    /** Settings of the 1cycle policy, PyTorch's defaults unless set. */
    public static final class Options {
        private double pctStart = 0.3;
        private AnnealStrategy annealStrategy = AnnealStrategy.COS;
        private boolean cycleMomentum = true;
        private double baseMomentum = 0.85;
        private double maxMomentum = 0.95;
        private double divFactor = 25;
        private double finalDivFactor = 1e4;
        private boolean threePhase;

        private Options() {}

        /** Fraction of the steps spent increasing the learning rate (default 0.3). */
        public Options pctStart(double pctStart) {
            this.pctStart = pctStart;
            return this;
        }

        /** Cosine or linear annealing (default cosine). */
        public Options annealStrategy(AnnealStrategy strategy) {
            this.annealStrategy = strategy;
            return this;
        }

        /** Whether momentum / β₁ cycles (default true); the optimizer must have one of them. */
        public Options cycleMomentum(boolean cycleMomentum) {
            this.cycleMomentum = cycleMomentum;
            return this;
        }

        /** Momentum at the learning-rate peak (default 0.85). */
        public Options baseMomentum(double baseMomentum) {
            this.baseMomentum = baseMomentum;
            return this;
        }

        /** Momentum at the start and the end (default 0.95). */
        public Options maxMomentum(double maxMomentum) {
            this.maxMomentum = maxMomentum;
            return this;
        }

        /** initial_lr = max_lr / divFactor (default 25). */
        public Options divFactor(double divFactor) {
            this.divFactor = divFactor;
            return this;
        }

        /** min_lr = initial_lr / finalDivFactor (default 1e4). */
        public Options finalDivFactor(double finalDivFactor) {
            this.finalDivFactor = finalDivFactor;
            return this;
        }

        /** Three phases (up, back down to initial_lr, then to min_lr) instead of two (default false). */
        public Options threePhase(boolean threePhase) {
            this.threePhase = threePhase;
            return this;
        }
    }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    private final int totalSteps;
    private final AnnealStrategy anneal;
    private final List<Phase> phases;
    private final String momentumKey;

    /** PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    /** The 1cycle policy peaking at {@code maxLr} for every group, PyTorch's defaults otherwise. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, options());
    }

    /** The 1cycle policy peaking at {@code maxLr} for every group. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options options) {
        this(optimizer, filled(maxLr, optimizer.paramGroups().size()), totalSteps, options);
    }

    /**
     * The 1cycle policy peaking at {@code maxLrs[g]} for group {@code g}.
     *
     * @throws IllegalArgumentException on a non-positive step count, pctStart outside [0, 1], a wrong number
     *     of max learning rates, or momentum cycling on an optimizer without momentum or β₁
     */
    public OneCycleLR(Optimizer optimizer, double[] maxLrs, int totalSteps, Options options) {
        super(optimizer);
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("OneCycleLR: Expected positive integer total_steps, but got " + totalSteps);
        }
        if (!(options.pctStart >= 0 && options.pctStart <= 1)) {
            throw new IllegalArgumentException("OneCycleLR: Expected float between 0 and 1 pct_start, but got "
                    + Hyper.format(options.pctStart));
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        if (maxLrs.length != groups.size()) {
            throw new IllegalArgumentException("OneCycleLR: expected " + groups.size() + " values for max_lr, got "
                    + maxLrs.length);
        }
        if (options.cycleMomentum && !optimizer.defaults().containsKey("momentum")
                && !optimizer.defaults().containsKey("beta1")) {
            throw new IllegalArgumentException("OneCycleLR: optimizer must support momentum or beta1 with "
                    + "`cycle_momentum` option enabled (" + optimizer.name() + " has neither; use cycleMomentum(false))");
        }
        this.totalSteps = totalSteps;
        this.anneal = options.annealStrategy;
        double up = options.pctStart * totalSteps;
        this.phases = options.threePhase
                ? List.of(new Phase(up - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                        new Phase(2 * up - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                        new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"))
                : List.of(new Phase(up - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                        new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        this.momentumKey = !options.cycleMomentum ? null
                : optimizer.defaults().containsKey("beta1") ? "beta1" : "momentum";
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.set("initial_lr", maxLrs[i] / options.divFactor);
            g.set("max_lr", maxLrs[i]);
            g.set("min_lr", g.get("initial_lr") / options.finalDivFactor);
            if (momentumKey != null) {
                g.set(momentumKey, options.maxMomentum);
                g.set("max_momentum", options.maxMomentum);
                g.set("base_momentum", options.baseMomentum);
            }
        }
        initialStep();
    }

    /**
     * {@inheritDoc} Also sets each group's momentum or β₁ when momentum cycles.
     *
     * @throws IllegalStateException when stepped past {@code totalSteps}
     */
    @Override
    protected double[] computeLr() {
        int step = lastEpoch();
        if (step > totalSteps) {
            throw new IllegalStateException("OneCycleLR: Tried to step " + step + " times. The specified number of total "
                    + "steps is " + totalSteps);
        }
        List<ParamGroup> groups = optimizer().paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            ParamGroup g = groups.get(i);
            double start = 0;
            for (int k = 0; k < phases.size(); k++) {
                Phase phase = phases.get(k);
                if (step <= phase.endStep() || k == phases.size() - 1) {
                    double pct = (step - start) / (phase.endStep() - start);
                    lrs[i] = anneal(g.get(phase.startLr()), g.get(phase.endLr()), pct);
                    if (momentumKey != null) {
                        g.set(momentumKey, anneal(g.get(phase.startMomentum()), g.get(phase.endMomentum()), pct));
                    }
                    break;
                }
                start = phase.endStep();
            }
        }
        return lrs;
    }

    private double anneal(double start, double end, double pct) {
        return anneal == AnnealStrategy.COS
                ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1)
                : (end - start) * pct + start;
    }

    private static double[] filled(double value, int n) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }
}

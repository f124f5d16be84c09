package dev.panagrad.core.check;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Compares the tape's gradients of a function with float64 central differences, as PyTorch's
 * {@code gradcheck}: element-wise {@code |analytic − numeric| ≤ atol + rtol·|numeric|} with
 * eps = 1e-6, atol = 1e-5, rtol = 1e-3 by default ({@link Options}).
 *
 * <ul>
 *   <li>{@link #gradcheck}: the full Jacobian for small problems; a failure names the worst element
 *       (largest violation): the input, its element's index, the output element, analytic and
 *       numeric values. Above {@link Options#fastThreshold} Jacobian entries it switches to random
 *       directions, ⟨Jᵀv, u⟩ ≈ ⟨v, Ju⟩ with random unit u, v (PyTorch's fast mode, JAX's check_vjp).</li>
 *   <li>{@link #gradgradcheck}: the same check of the gradient itself, i.e. of
 *       {@code (inputs, v) ↦ vjp(f, inputs)(v)}, with the vjp computed under a tape that an outer tape
 *       differentiates. It fails for rules that are right in value but not differentiable.</li>
 *   <li>{@link #check} and {@link #checkGradGrad} return a {@link Result} instead of throwing.</li>
 * </ul>
 *
 * {@snippet :
 * Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 3, 4);
 * GradCheck.gradcheck(in -> in.get(0).exp().sum(), List.of(x));          // throws GradCheckFailure if wrong
 * GradCheck.gradgradcheck(in -> in.get(0).mul(in.get(0)), List.of(x));    // second order
 * GradCheck.Result r = GradCheck.check(in -> in.get(0).log(), List.of(x.exp()), GradCheck.Options.defaults().fast());
 * }
 *
 * <p>Inputs must be FLOAT64 (INT32 inputs, e.g. indices, pass through unchecked). The function must
 * be deterministic and must not depend on tape state other than what it records itself.
 */
public final class GradCheck {
    /** Default finite-difference step. */
    public static final double EPS = 1e-6;
    /** Default absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** Default relative tolerance. */
    public static final double RTOL = 1e-3;

    private GradCheck() {}

    /** How {@link #gradcheck} compares gradients. */
    public enum Mode {
        /** Full Jacobian up to {@link Options#fastThreshold} entries, random directions above. */
        AUTO,
        /** Always the full Jacobian (one backward pass per output element, two evaluations per input element). */
        FULL,
        /** Always random directions (one backward pass and two evaluations per input per direction). */
        FAST
    }

    /**
     * Settings of a gradient check; PyTorch's defaults.
     *
     * @param eps           finite-difference step
     * @param atol          absolute tolerance
     * @param rtol          relative tolerance (of the numeric value)
     * @param inputs        indices of the inputs to check, or null for every FLOAT64 input
     * @param mode          full Jacobian, random directions, or chosen by size
     * @param directions    random directions per check in fast mode
     * @param fastThreshold AUTO uses random directions when Σ input sizes × output size exceeds this
     * @param seed          seed of the random directions and of gradgradcheck's cotangent
     */
    public record Options(double eps, double atol, double rtol, int[] inputs, Mode mode, int directions, long fastThreshold,
            long seed) {
        /** Validates the options. */
        public Options {
            if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0) || directions < 1 || mode == null) {
                throw new IllegalArgumentException("GradCheck.Options: need eps > 0, atol ≥ 0, rtol ≥ 0, directions ≥ 1 and a mode,"
                        + " got eps=" + eps + ", atol=" + atol + ", rtol=" + rtol + ", directions=" + directions + ", mode=" + mode);
            }
            inputs = inputs == null ? null : inputs.clone();
        }

        /** eps 1e-6, atol 1e-5, rtol 1e-3, every FLOAT64 input, AUTO above 10^5 Jacobian entries, 3 directions. */
        public static Options defaults() {
            return new Options(EPS, ATOL, RTOL, null, Mode.AUTO, 3, 100_000, 20261127L);
        }

        /** These options with another finite-difference step. */
        public Options withEps(double newEps) {
            return new Options(newEps, atol, rtol, inputs, mode, directions, fastThreshold, seed);
        }

        /** These options with other tolerances. */
        public Options withTolerances(double newAtol, double newRtol) {
            return new Options(eps, newAtol, newRtol, inputs, mode, directions, fastThreshold, seed);
        }

        /** These options checking only the inputs at {@code indices}. */
        public Options onlyInputs(int... indices) {
            return new Options(eps, atol, rtol, indices, mode, directions, fastThreshold, seed);
        }

        /** These options with another mode. */
        public Options withMode(Mode newMode) {
            return new Options(eps, atol, rtol, inputs, newMode, directions, fastThreshold, seed);
        }

        /** These options forcing the full Jacobian. */
        public Options full() {
            return withMode(Mode.FULL);
        }

        /** These options forcing random directions. */
        public Options fast() {
            return withMode(Mode.FAST);
        }

        /** These options with another number of random directions. */
        public Options withDirections(int count) {
            return new Options(eps, atol, rtol, inputs, mode, count, fastThreshold, seed);
        }

        /** These options switching to random directions above {@code entries} Jacobian entries in AUTO mode. */
        public Options withFastThreshold(long entries) {
            return new Options(eps, atol, rtol, inputs, mode, directions, entries, seed);
        }

        /** These options with another seed for random directions and cotangents. */
        public Options withSeed(long newSeed) {
            return new Options(eps, atol, rtol, inputs, mode, directions, fastThreshold, newSeed);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options p && p.eps == eps && p.atol == atol && p.rtol == rtol && Arrays.equals(p.inputs, inputs)
                    && p.mode == mode && p.directions == directions && p.fastThreshold == fastThreshold && p.seed == seed;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(new Object[] {eps, atol, rtol, Arrays.hashCode(inputs), mode, directions, fastThreshold, seed});
        }

        @Override
        public String toString() {
            return "Options[eps=" + eps + ", atol=" + atol + ", rtol=" + rtol + ", inputs="
                    + (inputs == null ? "all" : Arrays.toString(inputs)) + ", mode=" + mode + ", directions=" + directions
                    + ", fastThreshold=" + fastThreshold + ", seed=" + seed + "]";
        }
    }

    /**
     * The worst disagreement a check found.
     *
     * @param input       index of the input whose derivative disagrees
     * @param inputIndex  the input element's multi-dimensional index (null for a random-direction check)
     * @param output      index of the output (0 for single-output functions; the gradient's input for gradgradcheck)
     * @param outputIndex the output element's multi-dimensional index (null for a random-direction check)
     * @param analytic    the tape's derivative (a projection ⟨Jᵀv, u⟩ in fast mode)
     * @param numeric     the central difference (a projection ⟨v, Ju⟩ in fast mode)
     * @param tolerance   the allowed difference, atol + rtol·|numeric| (scaled by Σ|u|·Σ|v| for atol in fast mode)
     * @param mismatches  how many compared values are out of tolerance
     */
    public record Mismatch(int input, int[] inputIndex, int output, int[] outputIndex, double analytic, double numeric,
            double tolerance, int mismatches) {
        /** Whether this is a random-direction (projected) mismatch rather than one Jacobian element. */
        public boolean projected() {
            return inputIndex == null;
        }
    }

    /**
     * The outcome of a check.
     *
     * @param passed  whether every compared value was within tolerance
     * @param message what was checked and, on failure, the worst element
     * @param worst   the worst disagreement, or null when the check passed
     */
    public record Result(boolean passed, String message, Mismatch worst) {
        /** Throws {@link GradCheckFailure} with this result when it did not pass. */
        public void orThrow() {
            if (!passed) {
                throw new GradCheckFailure(message, worst);
            }
        }
    }

    /** Checks every FLOAT64 input with the default options; throws {@link GradCheckFailure} on a mismatch. */
    public static void gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        gradcheck(f, inputs, Options.defaults());
    }

    /** Checks every FLOAT64 input with the given step and tolerances; throws {@link GradCheckFailure} on a mismatch. */
    public static void gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol, double rtol) {
        gradcheck(f, inputs, Options.defaults().withEps(eps).withTolerances(atol, rtol));
    }

    /** Checks the gradients of {@code f}; throws {@link GradCheckFailure} naming the worst element on a mismatch. */
    public static void gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
        check(f, inputs, options).orThrow();
    }

    /** Checks the gradients of {@code f} with the default options, returning the outcome instead of throwing. */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(f, inputs, Options.defaults());
    }

    /** Checks the gradients of {@code f}, returning the outcome instead of throwing. */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
        return new JacobianCheck("gradcheck", in -> List.of(f.apply(in)), inputs, checkedInputs(inputs, options), options).run();
    }

    /** Checks the second derivatives of {@code f} with the default options; throws {@link GradCheckFailure} on a mismatch. */
    public static void gradgradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        gradgradcheck(f, inputs, Options.defaults());
    }

    /**
     * Checks the second derivatives of {@code f}: gradchecks {@code (inputs, v) ↦ vjp(f, inputs)(v)}
     * with a random FLOAT64 cotangent {@code v} (itself checked as an extra last input). Throws
     * {@link GradCheckFailure} on a mismatch; its {@link Mismatch#output} names whose gradient disagrees.
     */
    public static void gradgradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
        checkGradGrad(f, inputs, options).orThrow();
    }

    /** Checks the second derivatives of {@code f} with the default options, returning the outcome. */
    public static Result checkGradGrad(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return checkGradGrad(f, inputs, Options.defaults());
    }

    /** Checks the second derivatives of {@code f}, returning the outcome instead of throwing. */
    public static Result checkGradGrad(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
        int[] checked = checkedInputs(inputs, options);
        Tensor out = f.apply(inputs);
        Tensor v = Tensor.randn(new Rng(options.seed() ^ 0x9E3779B97F4A7C15L), DType.FLOAT64, out.shape());
        List<Tensor> args = new ArrayList<>(inputs);
        args.add(v);
        int[] withV = Arrays.copyOf(checked, checked.length + 1);
        withV[checked.length] = inputs.size();
        Function<List<Tensor>, List<Tensor>> vjp = in -> vjp(f, in.subList(0, inputs.size()), in.get(inputs.size()), checked);
        String name = "gradgradcheck (its outputs are the gradients for inputs " + Arrays.toString(checked) + " in order; input "
                + inputs.size() + " is the cotangent v)";
        return new JacobianCheck(name, vjp, args, withV, options).run();
    }

    /** The gradients of ⟨f(xs), v⟩ with respect to the checked inputs, computed under a tape enclosing tapes can differentiate. */
    private static List<Tensor> vjp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, Tensor v, int[] checked) {
        List<Tensor> sources = new ArrayList<>();
        try (Tape tape = Tape.record()) {
            for (int i : checked) {
                sources.add(tape.watch(xs.get(i)));
            }
            Tensor y = f.apply(xs);
            return tape.gradient(y, v.to(y.dtype()), sources).list();
        }
    }

    private static int[] checkedInputs(List<Tensor> inputs, Options options) {
        if (options.inputs() != null) {
            for (int i : options.inputs()) {
                if (i < 0 || i >= inputs.size() || inputs.get(i).dtype() != DType.FLOAT64) {
                    throw new IllegalArgumentException("gradcheck: input " + i + " cannot be checked: "
                            + (i < 0 || i >= inputs.size() ? "there are " + inputs.size() + " inputs"
                                    : "it is " + inputs.get(i).dtype() + ", finite differences need FLOAT64"));
                }
            }
            return options.inputs().clone();
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            DType d = inputs.get(i).dtype();
            if (d == DType.FLOAT64) {
                idx.add(i);
            } else if (d != DType.INT32) {
                throw new IllegalArgumentException("gradcheck: inputs must be FLOAT64 for finite differences, input " + i
                        + " is " + d);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }
}

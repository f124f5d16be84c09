package dev.panagrad.core.check;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck.Mismatch;
import dev.panagrad.core.check.GradCheck.Mode;
import dev.panagrad.core.check.GradCheck.Options;
import dev.panagrad.core.check.GradCheck.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One gradient check of a function with one or more outputs: the full Jacobian (one recorded
 * forward pass, one backward pass per output element, two evaluations per input element) or
 * random directions (one backward pass and two evaluations per input and direction).
 */
final class JacobianCheck {
    private final String name;
    private final Function<List<Tensor>, List<Tensor>> f;
    private final List<Tensor> inputs;
    private final int[] checked;
    private final Options o;
    private final List<Tensor> outputs;
    private final int outputSize;

    private Mismatch worst;
    private double worstExcess = Double.NEGATIVE_INFINITY;
    private int mismatches;
    private long compared;

    JacobianCheck(String name, Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, int[] checked, Options options) {
        this.name = name;
        this.f = f;
        this.inputs = List.copyOf(inputs);
        this.checked = checked;
        this.o = options;
        this.outputs = f.apply(this.inputs);
        int size = 0;
        for (int k = 0; k < outputs.size(); k++) {
            Tensor out = outputs.get(k);
            if (!out.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(name + ": output " + k + " is " + out.dtype() + ", which has no gradient");
            }
            size += out.numel();
        }
        this.outputSize = size;
    }

    Result run() {
        long entries = 0;
        for (int i : checked) {
            entries += (long) inputs.get(i).numel() * outputSize;
        }
        boolean fast = o.mode() == Mode.FAST || (o.mode() == Mode.AUTO && entries > o.fastThreshold());
        if (fast) {
            randomDirections();
        } else {
            fullJacobian();
        }
        if (worst == null) {
            return new Result(true, name + ": " + (fast ? o.directions() + " random directions" : "full Jacobian of " + entries
                    + " entries") + " within atol " + o.atol() + ", rtol " + o.rtol(), null);
        }
        return new Result(false, fast ? describeProjected() : describeElement(), worst);
    }

    private void fullJacobian() {
        List<Tensor> args = new ArrayList<>(inputs);
        List<Tensor> sources = new ArrayList<>();
        double[][][] analytic = new double[checked.length][outputSize][];
        try (Tape tape = Tape.recordPersistent()) {
            for (int i : checked) {
                Tensor source = tape.watch(inputs.get(i).detach());
                args.set(i, source);
                sources.add(source);
            }
            List<Tensor> outs = f.apply(args);
            int row = 0;
            for (Tensor out : outs) {
                for (int e = 0; e < out.numel(); e++, row++) {
                    double[] onehot = new double[out.numel()];
                    onehot[e] = 1;
                    Gradients g = tape.gradient(out, Tensor.of(onehot, out.shape()).to(out.dtype()), sources);
                    for (int c = 0; c < checked.length; c++) {
                        analytic[c][row] = g.get(sources.get(c)).toDoubleArray();
                    }
                }
            }
        }
        for (int c = 0; c < checked.length; c++) {
            int input = checked[c];
            double[] base = inputs.get(input).toDoubleArray();
            for (int j = 0; j < base.length; j++) {
                double[] plus = evaluate(input, base, unit(base.length, j), o.eps());
                double[] minus = evaluate(input, base, unit(base.length, j), -o.eps());
                for (int row = 0; row < outputSize; row++) {
                    double numeric = (plus[row] - minus[row]) / (2 * o.eps());
                    double tolerance = o.atol() + o.rtol() * Math.abs(numeric);
                    if (compare(analytic[c][row][j], numeric, tolerance)) {
                        int[] at = outputAt(row);
                        worst = new Mismatch(input, unravel(j, inputs.get(input).shape()), at[0],
                                unravel(at[1], outputs.get(at[0]).shape()), analytic[c][row][j], numeric, tolerance, 0);
                    }
                }
            }
        }
        finish();
    }

    private void randomDirections() {
        Rng rng = new Rng(o.seed());
        for (int d = 0; d < o.directions(); d++) {
            double[] v = unitNormal(rng, outputSize);
            List<Tensor> args = new ArrayList<>(inputs);
            List<Tensor> sources = new ArrayList<>();
            Gradients g = null;
            try (Tape tape = Tape.recordPersistent()) {
                for (int i : checked) {
                    Tensor source = tape.watch(inputs.get(i).detach());
                    args.set(i, source);
                    sources.add(source);
                }
                int offset = 0;
                for (Tensor out : f.apply(args)) {
                    double[] part = Arrays.copyOfRange(v, offset, offset + out.numel());
                    offset += out.numel();
                    Gradients gk = tape.gradient(out, Tensor.of(part, out.shape()).to(out.dtype()), sources);
                    g = g == null ? gk : g.plus(gk);
                }
            }
            for (int c = 0; c < checked.length; c++) {
                int input = checked[c];
                double[] base = inputs.get(input).toDoubleArray();
                double[] u = unitNormal(rng, base.length);
                double analytic = g == null ? 0 : dot(g.get(sources.get(c)).toDoubleArray(), u);
                double[] plus = evaluate(input, base, u, o.eps());
                double[] minus = evaluate(input, base, u, -o.eps());
                double numeric = 0;
                for (int row = 0; row < outputSize; row++) {
                    numeric += v[row] * (plus[row] - minus[row]) / (2 * o.eps());
                }
                double tolerance = o.atol() * l1(u) * l1(v) + o.rtol() * Math.abs(numeric);
                if (compare(analytic, numeric, tolerance)) {
                    worst = new Mismatch(input, null, 0, null, analytic, numeric, tolerance, 0);
                }
            }
        }
        finish();
    }

    /** Counts one comparison; true when it is the worst violation so far. */
    private boolean compare(double analytic, double numeric, double tolerance) {
        compared++;
        double diff = Math.abs(analytic - numeric);
        if (diff <= tolerance) {
            return false;
        }
        mismatches++;
        double excess = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff - tolerance;
        if (excess > worstExcess || worst == null) {
            worstExcess = excess;
            return true;
        }
        return false;
    }

    private void finish() {
        if (worst != null) {
            worst = new Mismatch(worst.input(), worst.inputIndex(), worst.output(), worst.outputIndex(), worst.analytic(),
                    worst.numeric(), worst.tolerance(), mismatches);
        }
    }

    private String describeElement() {
        Tensor out = outputs.get(worst.output());
        return name + ": Jacobian mismatch in " + mismatches + " of " + compared + " entries (atol " + o.atol() + ", rtol "
                + o.rtol() + ", eps " + o.eps() + "); worst: d output" + (outputs.size() > 1 ? " " + worst.output() : "")
                + Arrays.toString(worst.outputIndex()) + " / d input " + worst.input() + Arrays.toString(worst.inputIndex())
                + ": analytic " + worst.analytic() + ", numeric " + worst.numeric() + ", |difference| "
                + Math.abs(worst.analytic() - worst.numeric()) + " > tolerance " + worst.tolerance() + " (input "
                + worst.input() + " has shape " + Arrays.toString(inputs.get(worst.input()).shape()) + ", output"
                + (outputs.size() > 1 ? " " + worst.output() : "") + " has shape " + Arrays.toString(out.shape()) + ")";
    }

    private String describeProjected() {
        return name + ": random-direction mismatch in " + mismatches + " of " + compared + " projections (atol " + o.atol()
                + "·Σ|u|·Σ|v|, rtol " + o.rtol() + ", eps " + o.eps() + "); worst for input " + worst.input() + " of shape "
                + Arrays.toString(inputs.get(worst.input()).shape()) + ": tape ⟨Jᵀv, u⟩ = " + worst.analytic()
                + ", finite differences ⟨v, Ju⟩ = " + worst.numeric() + ", tolerance " + worst.tolerance()
                + "; use Options.full() on a smaller input to locate the element";
    }

    /** All outputs of {@code f} at the inputs with {@code input} moved by {@code step·direction}, flattened. */
    private double[] evaluate(int input, double[] base, double[] direction, double step) {
        double[] moved = base.clone();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += step * direction[i];
        }
        List<Tensor> args = new ArrayList<>(inputs);
        args.set(input, Tensor.of(moved, inputs.get(input).shape()));
        double[] flat = new double[outputSize];
        int offset = 0;
        for (Tensor out : f.apply(args)) {
            double[] values = out.toDoubleArray();
            System.arraycopy(values, 0, flat, offset, values.length);
            offset += values.length;
        }
        return flat;
    }

    /** {@code [output, flat element]} of row {@code row} of the stacked outputs. */
    private int[] outputAt(int row) {
        int k = 0;
        while (row >= outputs.get(k).numel()) {
            row -= outputs.get(k).numel();
            k++;
        }
        return new int[] {k, row};
    }

    static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    private static double[] unit(int n, int j) {
        double[] e = new double[n];
        e[j] = 1;
        return e;
    }

    private static double[] unitNormal(Rng rng, int n) {
        double[] x = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            norm += x[i] * x[i];
        }
        double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (int i = 0; i < n; i++) {
            x[i] *= scale;
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double l1(double[] a) {
        double s = 0;
        for (double x : a) {
            s += Math.abs(x);
        }
        return s;
    }
}

package dev.panagrad.nn.loss;

/**
 * PyTorch's cross-entropy formulas written out as plain float64 loops over a {@code [N, C, S]} layout
 * (S the product of the spatial dims), independent of any Tensor op: the oracle of the property tests.
 */
final class CrossEntropyReference {
    private CrossEntropyReference() {}

    /** log-softmax over c of x[n, ·, s], for every n and s, in the input's layout. */
    static double[] logSoftmax(double[] x, int n, int c, int s) {
        double[] out = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s; k++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    max = Math.max(max, x[(i * c + j) * s + k]);
                }
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    sum += Math.exp(x[(i * c + j) * s + k] - max);
                }
                double lse = max + Math.log(sum);
                for (int j = 0; j < c; j++) {
                    out[(i * c + j) * s + k] = x[(i * c + j) * s + k] - lse;
                }
            }
        }
        return out;
    }

    /**
     * Class-index targets {@code y[n·S + s]}: per-sample losses followed by their reduction; the last
     * element is the reduced value (sum, or the sum over the total weight of the kept targets).
     */
    static double[] classIndices(double[] x, int[] y, double[] w, int ignore, double eps, int n, int c, int s, boolean mean) {
        double[] logp = logSoftmax(x, n, c, s);
        double[] out = new double[n * s + 1];
        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s; k++) {
                int target = y[i * s + k];
                if (target == ignore) {
                    continue;
                }
                double nll = -weight(w, target) * logp[(i * c + target) * s + k];
                double smooth = 0;
                for (int j = 0; j < c; j++) {
                    smooth -= weight(w, j) * logp[(i * c + j) * s + k];
                }
                double loss = (1 - eps) * nll + eps / c * smooth;
                out[i * s + k] = loss;
                total += loss;
                weightSum += weight(w, target);
            }
        }
        out[n * s] = mean ? total / weightSum : total;
        return out;
    }

    /** Probability targets of the input's layout: per-sample losses, then the sum or the mean over samples. */
    static double[] probabilities(double[] x, double[] t, double[] w, double eps, int n, int c, int s, boolean mean) {
        double[] logp = logSoftmax(x, n, c, s);
        double[] out = new double[n * s + 1];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s; k++) {
                double loss = 0;
                for (int j = 0; j < c; j++) {
                    int at = (i * c + j) * s + k;
                    loss -= weight(w, j) * ((1 - eps) * t[at] + eps / c) * logp[at];
                }
                out[i * s + k] = loss;
                total += loss;
            }
        }
        out[n * s] = mean ? total / (n * s) : total;
        return out;
    }

    private static double weight(double[] w, int c) {
        return w == null ? 1 : w[c];
    }
}

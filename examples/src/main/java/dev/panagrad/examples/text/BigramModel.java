package dev.panagrad.examples.text;

import java.util.List;

/**
 * The count-based baseline a character language model must beat: the next character depends only
 * on the previous one, {@code P(b | a) = (count(a, b) + k) / (count(a) + k·V)} with add-k smoothing
 * over the V ids of the vocabulary (the marker included), counted over encoded sequences
 * {@code [MARKER, c1, ..., cn, MARKER]}.
 */
public final class BigramModel {
    /** The values of k {@link #chooseK} tries. */
    static final double[] K_GRID = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3};

    private final long[][] counts; // counts[a][b]: how often b follows a
    private final long[] totals; // totals[a]: how often a is followed by anything
    private final double k;

    private BigramModel(long[][] counts, double k) {
        this.counts = counts;
        this.totals = new long[counts.length];
        for (int a = 0; a < counts.length; a++) {
            for (long c : counts[a]) {
                totals[a] += c;
            }
        }
        this.k = k;
    }

    /** The model counted over {@code sequences} (encoded, ids below {@code vocabularySize}) with add-{@code k} smoothing. */
    public static BigramModel fit(List<int[]> sequences, int vocabularySize, double k) {
        if (!(k > 0)) {
            throw new IllegalArgumentException("add-k smoothing needs k > 0, got " + k);
        }
        long[][] counts = new long[vocabularySize][vocabularySize];
        for (int[] s : sequences) {
            for (int i = 0; i + 1 < s.length; i++) {
                counts[s[i]][s[i + 1]]++;
            }
        }
        return new BigramModel(counts, k);
    }

    /**
     * The k of {@link #K_GRID} under which the training sequences are most likely when each
     * transition is predicted from the counts of all the others (leave-one-out): k is chosen on the
     * training split alone, without looking at the validation text.
     */
    public static double chooseK(List<int[]> sequences, int vocabularySize) {
        BigramModel counted = fit(sequences, vocabularySize, 1);
        double bestK = K_GRID[0];
        double best = Double.NEGATIVE_INFINITY;
        for (double k : K_GRID) {
            double logLikelihood = 0;
            for (int a = 0; a < vocabularySize; a++) {
                for (long c : counted.counts[a]) {
                    if (c > 0) { // each of the c transitions a→b, left out: (c − 1 + k) / (count(a) − 1 + k·V)
                        logLikelihood += c * Math.log((c - 1 + k) / (counted.totals[a] - 1 + k * vocabularySize));
                    }
                }
            }
            if (logLikelihood > best) {
                best = logLikelihood;
                bestK = k;
            }
        }
        return bestK;
    }

    /** The smoothing constant. */
    public double k() {
        return k;
    }

    /** {@code P(b | a)}. */
    public double probability(int a, int b) {
        return (counts[a][b] + k) / (totals[a] + k * counts.length);
    }

    /**
     * The mean negative log-likelihood in nats per character of {@code sequences} (encoded): every
     * character and each end marker is predicted from the one before it.
     */
    public double lossPerCharacter(List<int[]> sequences) {
        double nll = 0;
        long predictions = 0;
        for (int[] s : sequences) {
            for (int i = 0; i + 1 < s.length; i++) {
                nll -= Math.log(probability(s[i], s[i + 1]));
                predictions++;
            }
        }
        return nll / predictions;
    }
}

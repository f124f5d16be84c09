package dev.panagrad.examples.mnist;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.data.Mnist;
import java.util.Locale;

/**
 * Where a digit classifier goes wrong: {@code count(t, p)} test digits of true class {@code t} were
 * predicted as {@code p}. The diagonal holds the correct predictions, a row the digits of one class.
 */
public final class ConfusionMatrix {
    private final int[][] counts = new int[Mnist.NUM_CLASSES][Mnist.NUM_CLASSES];

    /** An empty matrix; {@link ClassifierTraining#evaluate} fills one batch at a time. */
    ConfusionMatrix() {}

    /** Counts the pairs of {@code predicted} and {@code targets} (both INT32 {@code [N]}, classes 0..9). */
    public static ConfusionMatrix of(Tensor predicted, Tensor targets) {
        ConfusionMatrix matrix = new ConfusionMatrix();
        matrix.add(predicted, targets);
        return matrix;
    }

    /** Counts one batch of predicted classes against its targets. */
    void add(Tensor predicted, Tensor targets) {
        int[] p = predicted.toIntArray();
        int[] t = targets.toIntArray();
        if (p.length != t.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + p.length + " predictions for " + t.length + " targets");
        }
        for (int i = 0; i < p.length; i++) {
            counts[t[i]][p[i]]++;
        }
    }

    /** Number of digits of class {@code trueClass} predicted as {@code predicted}. */
    public int count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /** Number of digits of class {@code trueClass} (its row's sum). */
    public int support(int trueClass) {
        int sum = 0;
        for (int n : counts[trueClass]) {
            sum += n;
        }
        return sum;
    }

    /** Number of digits counted. */
    public int total() {
        int sum = 0;
        for (int c = 0; c < Mnist.NUM_CLASSES; c++) {
            sum += support(c);
        }
        return sum;
    }

    /** Number of correct predictions (the diagonal's sum). */
    public int correct() {
        int sum = 0;
        for (int c = 0; c < Mnist.NUM_CLASSES; c++) {
            sum += counts[c][c];
        }
        return sum;
    }

    /** Fraction of all digits predicted correctly, computed as ClassifierTraining.evaluate computes it. */
    public double accuracy() {
        return (double) correct() / total();
    }

    /** Fraction of the digits of class {@code trueClass} predicted correctly (NaN if there are none). */
    public double classAccuracy(int trueClass) {
        return (double) counts[trueClass][trueClass] / support(trueClass);
    }

    /**
     * The matrix as an aligned table under a title line: one row per true digit, one column per
     * predicted digit, each row followed by the number of digits of its class and the class's accuracy.
     */
    public String table() {
        int width = Math.max(5, String.valueOf(total()).length() + 2);
        StringBuilder out = new StringBuilder(String.format("confusion matrix: rows are true digits, columns predicted digits%n"));
        out.append("digit");
        for (int p = 0; p < Mnist.NUM_CLASSES; p++) {
            out.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        out.append(String.format(Locale.ROOT, "%" + (width + 3) + "s  %8s%n", "digits", "accuracy"));
        for (int t = 0; t < Mnist.NUM_CLASSES; t++) {
            out.append(String.format(Locale.ROOT, "%5d", t));
            for (int p = 0; p < Mnist.NUM_CLASSES; p++) {
                out.append(String.format(Locale.ROOT, "%" + width + "d", counts[t][p]));
            }
            String accuracy = support(t) == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * classAccuracy(t));
            out.append(String.format(Locale.ROOT, "%" + (width + 3) + "d  %8s%n", support(t), accuracy));
        }
        return out.toString();
    }
}

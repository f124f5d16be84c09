package dev.panagrad.examples.gan;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.mnist.MnistData;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A classifier-based quality score of generated digits: how many a trained MNIST classifier labels
 * confidently (its top softmax probability at least {@link #CONFIDENCE}), and how the labels spread
 * over the ten digits — a GAN that draws blurry shapes fails the first, one that draws only a few
 * digits (mode collapse) fails the second. The target: {@link #MIN_CONFIDENT} of the samples
 * confident and every digit at least {@link #MIN_CLASS_SHARE} of them. It also counts how often the
 * label is the digit intended (the one a conditional generator was asked for; a real digit's true
 * class), which the target does not include.
 *
 * @param confident the number of samples labelled with confidence ≥ {@link #CONFIDENCE}
 * @param intended  the number of samples labelled as the digit intended
 * @param labels    how many samples got each label (its most probable class), by digit
 */
public record QualityScore(int confident, int intended, int[] labels) {
    /** A sample counts as confidently labelled when its top class has at least this probability. */
    public static final double CONFIDENCE = 0.9;
    /** The target fraction of confidently labelled samples. */
    public static final double MIN_CONFIDENT = 0.8;
    /** The target share of the samples that every digit must get. */
    public static final double MIN_CLASS_SHARE = 0.03;
    private static final int BATCH = 500;

    /** Copies the counts. */
    public QualityScore {
        labels = labels.clone();
    }

    /**
     * The score of class probabilities {@code [N, C]} (each row a softmax output) for N samples meant to
     * show the classes {@code intended} ({@code [N]}).
     */
    public static QualityScore of(Tensor probabilities, Tensor intended) {
        int[] shape = probabilities.shape();
        if (shape.length != 2 || shape[0] < 1 || intended.dim() != 1 || intended.size(0) != shape[0]) {
            throw new IllegalArgumentException("QualityScore: expected probabilities [N, classes] and intended classes [N], got "
                    + Arrays.toString(shape) + " and " + Arrays.toString(intended.shape()));
        }
        int n = shape[0], classes = shape[1];
        float[] p = probabilities.toFloatArray();
        int[] meant = intended.toIntArray();
        int confident = 0;
        int asIntended = 0;
        int[] labels = new int[classes];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[i * classes + c] > p[i * classes + best]) {
                    best = c;
                }
            }
            labels[best]++;
            if (p[i * classes + best] >= CONFIDENCE) {
                confident++;
            }
            if (best == meant[i]) {
                asIntended++;
            }
        }
        return new QualityScore(confident, asIntended, labels);
    }

    /**
     * The score of {@code n} digits that {@code gan} draws from noise of {@code rng}, asked for 0, 1, …, 9,
     * 0, 1, … in turn ({@link Gan#everyDigit}), labelled by {@code classifier} (an MNIST classifier in eval
     * mode, which expects {@link Mnist#normalize normalized} pixels).
     */
    public static QualityScore ofSamples(Gan gan, Module classifier, int n, Rng rng) {
        Tensor digits = Gan.everyDigit(n);
        List<Tensor> probabilities = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor images = gan.sample(digits, rng);                                   // pixels in [−1, 1]
            for (int done = 0; done < n; done += BATCH) {
                Tensor pixels = images.narrow(0, done, Math.min(BATCH, n - done)).add(1.0).mul(0.5); // [0, 1], as Mnist loads them
                probabilities.add(classifier.forward(Mnist.normalize(pixels)).softmax(1));
            }
        }
        return of(Tensor.cat(0, probabilities.toArray(Tensor[]::new)), digits);
    }

    /** The score of the shipped real test digits with {@code classifier}: what a perfect generator would get. */
    public static QualityScore ofTestDigits(Module classifier) {
        TensorDataset test = MnistData.load(Optional.empty()).test();
        List<Tensor> probabilities = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : DataLoader.of(test, BATCH).epoch(0)) {
                probabilities.add(classifier.forward(batch.inputs()).softmax(1));
            }
        }
        return of(Tensor.cat(0, probabilities.toArray(Tensor[]::new)), test.targets());
    }

    /** The number of samples scored. */
    public int samples() {
        return Arrays.stream(labels).sum();
    }

    /** The fraction of samples labelled with confidence ≥ {@link #CONFIDENCE}. */
    public double confidentFraction() {
        return (double) confident / samples();
    }

    /** The fraction of samples labelled as the digit intended. */
    public double intendedFraction() {
        return (double) intended / samples();
    }

    /** The fraction of samples labelled {@code digit}. */
    public double share(int digit) {
        return (double) labels[digit] / samples();
    }

    /** The smallest share any digit got. */
    public double minShare() {
        return (double) Arrays.stream(labels).min().orElse(0) / samples();
    }

    /** Whether the score meets the target: enough confident samples and every digit represented. */
    public boolean passes() {
        return confidentFraction() >= MIN_CONFIDENT && minShare() >= MIN_CLASS_SHARE;
    }

    /** The label counts, by digit. */
    @Override
    public int[] labels() {
        return labels.clone();
    }
}

package dev.panagrad.examples.gan;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.mnist.MnistData;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A classifier-based quality score of generated digits: how many a trained MNIST classifier labels
 * confidently (its top softmax probability at least {@link #CONFIDENCE}), and how the labels spread
 * over the ten digits — a GAN that draws blurry shapes fails the first, one that draws only a few
 * digits (mode collapse) fails the second. The target: {@link #MIN_CONFIDENT} of the samples
 * confident and every digit at least {@link #MIN_CLASS_SHARE} of them.
 *
 * @param confident the number of samples labelled with confidence ≥ {@link #CONFIDENCE}
 * @param labels how many samples got each label (its most probable class), by digit
 */
public record QualityScore(int confident, int[] labels) {
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

    /** The score of class probabilities {@code [N, C]} (each row a softmax output) for N samples. */
    public static QualityScore of(Tensor probabilities) {
        int[] shape = probabilities.shape();
        if (shape.length != 2 || shape[0] < 1) {
            throw new IllegalArgumentException("QualityScore: expected probabilities [N, classes], got " + Arrays.toString(shape));
        }
        int n = shape[0], classes = shape[1];
        float[] p = probabilities.toFloatArray();
        int confident = 0;
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
        }
        return new QualityScore(confident, labels);
    }

    /**
     * The score of {@code n} digits that {@code gan} draws from noise of {@code rng}, labelled by
     * {@code classifier} (an MNIST classifier in eval mode, which expects {@link Mnist#normalize normalized}
     * pixels).
     */
    public static QualityScore ofSamples(Gan gan, Module classifier, int n, Rng rng) {
        List<Tensor> probabilities = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int done = 0; done < n; done += BATCH) {
                Tensor images = gan.sample(Math.min(BATCH, n - done), rng);      // pixels in [−1, 1]
                Tensor pixels = images.add(1.0).mul(0.5);                          // [0, 1], as Mnist loads them
                probabilities.add(classifier.forward(Mnist.normalize(pixels)).softmax(1));
            }
        }
        return of(Tensor.cat(0, probabilities.toArray(Tensor[]::new)));
    }

    /** The score of the shipped real test digits with {@code classifier}: what a perfect generator would get. */
    public static QualityScore ofTestDigits(Module classifier) {
        List<Tensor> probabilities = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : DataLoader.of(MnistData.load(Optional.empty()).test(), BATCH).epoch(0)) {
                probabilities.add(classifier.forward(batch.inputs()).softmax(1));
            }
        }
        return of(Tensor.cat(0, probabilities.toArray(Tensor[]::new)));
    }

    /** The number of samples scored. */
    public int samples() {
        return Arrays.stream(labels).sum();
    }

    /** The fraction of samples labelled with confidence ≥ {@link #CONFIDENCE}. */
    public double confidentFraction() {
        return (double) confident / samples();
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

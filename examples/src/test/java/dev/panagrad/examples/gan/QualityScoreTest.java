package dev.panagrad.examples.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** The classifier-based score on probabilities with a known answer. */
class QualityScoreTest {
    /** Digit 0 gets exactly 3% of 1,000 samples, the others the rest. */
    private static final int[] AT_THE_TARGET = {30, 106, 108, 108, 108, 108, 108, 108, 108, 108};

    /**
     * Probabilities [N, 10] in which {@code labels[d]} rows have digit d as their top class; the
     * first {@code confident} rows put 0.95 on it, the others 0.6.
     */
    private static Tensor probabilities(int[] labels, int confident) {
        int n = java.util.Arrays.stream(labels).sum();
        float[] p = new float[n * 10];
        int row = 0;
        for (int digit = 0; digit < 10; digit++) {
            for (int k = 0; k < labels[digit]; k++, row++) {
                float top = row < confident ? 0.95f : 0.6f;
                java.util.Arrays.fill(p, row * 10, row * 10 + 10, (1 - top) / 9);
                p[row * 10 + digit] = top;
            }
        }
        return Tensor.of(p, n, 10);
    }

    /** The classes {@link #probabilities} makes most probable, row by row. */
    private static Tensor asLabelled(int[] labels) {
        int n = java.util.Arrays.stream(labels).sum();
        int[] classes = new int[n];
        for (int digit = 0, row = 0; digit < 10; digit++) {
            for (int k = 0; k < labels[digit]; k++) {
                classes[row++] = digit;
            }
        }
        return Tensor.of(classes, n);
    }

    @Test
    void countsConfidentSamplesAndEachDigitsShare() {
        QualityScore score = QualityScore.of(probabilities(AT_THE_TARGET, 800), asLabelled(AT_THE_TARGET));
        assertEquals(1000, score.samples());
        assertEquals(800, score.confident());
        assertEquals(0.8, score.confidentFraction());
        assertArrayEquals(AT_THE_TARGET, score.labels());
        assertEquals(0.03, score.share(0));
        assertEquals(0.108, score.share(9));
        assertEquals(0.03, score.minShare());
        assertEquals(1.0, score.intendedFraction());
    }

    @Test
    void countsSamplesLabelledAsIntended() {
        int[] intended = new int[1000]; // every sample meant as digit 3: only the 108 labelled 3 match
        java.util.Arrays.fill(intended, 3);
        QualityScore score = QualityScore.of(probabilities(AT_THE_TARGET, 800), Tensor.of(intended, 1000));
        assertEquals(108, score.intended());
        assertEquals(0.108, score.intendedFraction());
    }

    @Test
    void exactlyAtBothTargetsPasses() {
        assertTrue(QualityScore.of(probabilities(AT_THE_TARGET, 800), asLabelled(AT_THE_TARGET)).passes());
    }

    @Test
    void oneConfidentSampleTooFewFails() {
        assertFalse(QualityScore.of(probabilities(AT_THE_TARGET, 799), asLabelled(AT_THE_TARGET)).passes());
    }

    @Test
    void aDigitBelowThreePercentFails() {
        int[] labels = AT_THE_TARGET.clone();
        labels[0]--;
        labels[1]++;
        assertFalse(QualityScore.of(probabilities(labels, 1000), asLabelled(labels)).passes());
    }

    @Test
    void aCollapsedGeneratorFailsHoweverConfident() {
        int[] oneDigit = new int[10];
        oneDigit[7] = 500;
        QualityScore score = QualityScore.of(probabilities(oneDigit, 500), Gan.everyDigit(500));
        assertEquals(1.0, score.confidentFraction());
        assertEquals(0.0, score.minShare());
        assertEquals(0.1, score.intendedFraction(), "asked for every digit in turn, it drew a 7 each time");
        assertFalse(score.passes());
    }
}

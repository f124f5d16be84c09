package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KER-01 for the recurrent-cell family: the Vector API kernels against the scalar reference for hidden
 * sizes that hit every tail length of the float and double species, on rows {@code [1, 3)} of three (row
 * 0 must stay untouched); the LSTM's states c and dc in the second half of rows of 2H, as the sequence op
 * reads and writes them. Activations may differ by an ulp between the paths (the Vector API's exp and
 * tanh), so results agree within a few ulp of their magnitude; both backward kernels start from the
 * scalar forward's saved activations, so the comparison isolates their arithmetic.
 */
class RecurrentKernelsTest {
    static final int[] HIDDEN = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 63, 65, 127, 129};
    static final int ROWS = 3;
    static final int FROM = 1;
    /** Tolerance, relative to 1 + |scalar result|: a few float ulps, a few double ulps. */
    static final double TOL_FLOAT = 4e-6;
    static final double TOL_DOUBLE = 1e-14;

    static RecurrentKernels scalar = new ScalarRecurrent();
    static RecurrentKernels vector;

    @BeforeAll
    static void loadVectorKernels() {
        vector = Kernels.vector(RecurrentKernels.class, "VectorRecurrent");
        assertNotNull(vector, "the test JVM must run with --add-modules jdk.incubator.vector");
    }

    @Test
    void lstmFloatMatchesScalar() {
        Random rnd = new Random(1);
        for (int h : HIDDEN) {
            float[] gi = floats(rnd, ROWS * 4 * h, 3), gh = floats(rnd, ROWS * 4 * h, 3), c = floats(rnd, ROWS * 2 * h, 3);
            float[] grad = floats(rnd, ROWS * 2 * h, 2);
            // c and dc in the second half of rows of 2H, as the sequence op keeps its states
            float[][] s = {new float[ROWS * 2 * h], new float[ROWS * 5 * h], new float[ROWS * 4 * h], new float[ROWS * 2 * h]};
            float[][] v = {new float[ROWS * 2 * h], new float[ROWS * 5 * h], new float[ROWS * 4 * h], new float[ROWS * 2 * h]};
            int n = ROWS - FROM;
            int cOff = (2 * FROM + 1) * h;
            scalar.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, s[0], FROM * 2 * h, s[1], FROM * 5 * h, h, n);
            vector.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, v[0], FROM * 2 * h, v[1], FROM * 5 * h, h, n);
            assertForwardKeepsNothing(s[0],
                    out -> scalar.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, out, FROM * 2 * h, null, 0, h, n));
            assertForwardKeepsNothing(v[0],
                    out -> vector.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, out, FROM * 2 * h, null, 0, h, n));
            // both from the scalar activations
            scalar.lstmBackward(s[1], FROM * 5 * h, c, cOff, 2 * h, grad, FROM * 2 * h, s[2], FROM * 4 * h, s[3], cOff, 2 * h, h, n);
            vector.lstmBackward(s[1], FROM * 5 * h, c, cOff, 2 * h, grad, FROM * 2 * h, v[2], FROM * 4 * h, v[3], cOff, 2 * h, h, n);
            for (int k = 0; k < 4; k++) {
                assertClose("lstm float H=" + h + " result " + k, s[k], v[k], s[k].length / ROWS);
            }
        }
    }

    @Test
    void lstmDoubleMatchesScalar() {
        Random rnd = new Random(2);
        for (int h : HIDDEN) {
            double[] gi = doubles(rnd, ROWS * 4 * h, 3), gh = doubles(rnd, ROWS * 4 * h, 3), c = doubles(rnd, ROWS * 2 * h, 3);
            double[] grad = doubles(rnd, ROWS * 2 * h, 2);
            // c and dc in the second half of rows of 2H, as the sequence op keeps its states
            double[][] s = {new double[ROWS * 2 * h], new double[ROWS * 5 * h], new double[ROWS * 4 * h], new double[ROWS * 2 * h]};
            double[][] v = {new double[ROWS * 2 * h], new double[ROWS * 5 * h], new double[ROWS * 4 * h], new double[ROWS * 2 * h]};
            int n = ROWS - FROM;
            int cOff = (2 * FROM + 1) * h;
            scalar.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, s[0], FROM * 2 * h, s[1], FROM * 5 * h, h, n);
            vector.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, v[0], FROM * 2 * h, v[1], FROM * 5 * h, h, n);
            assertForwardKeepsNothing(s[0],
                    out -> scalar.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, out, FROM * 2 * h, null, 0, h, n));
            assertForwardKeepsNothing(v[0],
                    out -> vector.lstm(gi, FROM * 4 * h, gh, FROM * 4 * h, c, cOff, 2 * h, out, FROM * 2 * h, null, 0, h, n));
            // both from the scalar activations
            scalar.lstmBackward(s[1], FROM * 5 * h, c, cOff, 2 * h, grad, FROM * 2 * h, s[2], FROM * 4 * h, s[3], cOff, 2 * h, h, n);
            vector.lstmBackward(s[1], FROM * 5 * h, c, cOff, 2 * h, grad, FROM * 2 * h, v[2], FROM * 4 * h, v[3], cOff, 2 * h, h, n);
            for (int k = 0; k < 4; k++) {
                assertClose("lstm double H=" + h + " result " + k, s[k], v[k], s[k].length / ROWS);
            }
        }
    }

    @Test
    void gruFloatMatchesScalar() {
        Random rnd = new Random(3);
        for (int h : HIDDEN) {
            float[] gi = floats(rnd, ROWS * 3 * h, 3), gh = floats(rnd, ROWS * 3 * h, 3), hs = floats(rnd, ROWS * h, 2);
            float[] grad = floats(rnd, ROWS * h, 2);
            // h', saved r z n, dGi, dGh, dh
            float[][] s = {new float[ROWS * h], new float[ROWS * 3 * h], new float[ROWS * 3 * h], new float[ROWS * 3 * h],
                    new float[ROWS * h]};
            float[][] v = {new float[ROWS * h], new float[ROWS * 3 * h], new float[ROWS * 3 * h], new float[ROWS * 3 * h],
                    new float[ROWS * h]};
            int n = ROWS - FROM;
            int w = FROM * 3 * h;
            int o = FROM * h;
            scalar.gru(gi, w, gh, w, hs, o, s[0], o, s[1], w, h, n);
            vector.gru(gi, w, gh, w, hs, o, v[0], o, v[1], w, h, n);
            assertForwardKeepsNothing(s[0], out -> scalar.gru(gi, w, gh, w, hs, o, out, o, null, 0, h, n));
            assertForwardKeepsNothing(v[0], out -> vector.gru(gi, w, gh, w, hs, o, out, o, null, 0, h, n));
            scalar.gruBackward(s[1], w, gh, w, hs, o, grad, o, s[2], s[3], w, s[4], o, h, n); // both from the scalar activations
            vector.gruBackward(s[1], w, gh, w, hs, o, grad, o, v[2], v[3], w, v[4], o, h, n);
            for (int k = 0; k < 5; k++) {
                assertClose("gru float H=" + h + " result " + k, s[k], v[k], s[k].length / ROWS);
            }
        }
    }

    @Test
    void gruDoubleMatchesScalar() {
        Random rnd = new Random(4);
        for (int h : HIDDEN) {
            double[] gi = doubles(rnd, ROWS * 3 * h, 3), gh = doubles(rnd, ROWS * 3 * h, 3), hs = doubles(rnd, ROWS * h, 2);
            double[] grad = doubles(rnd, ROWS * h, 2);
            // h', saved r z n, dGi, dGh, dh
            double[][] s = {new double[ROWS * h], new double[ROWS * 3 * h], new double[ROWS * 3 * h], new double[ROWS * 3 * h],
                    new double[ROWS * h]};
            double[][] v = {new double[ROWS * h], new double[ROWS * 3 * h], new double[ROWS * 3 * h], new double[ROWS * 3 * h],
                    new double[ROWS * h]};
            int n = ROWS - FROM;
            int w = FROM * 3 * h;
            int o = FROM * h;
            scalar.gru(gi, w, gh, w, hs, o, s[0], o, s[1], w, h, n);
            vector.gru(gi, w, gh, w, hs, o, v[0], o, v[1], w, h, n);
            assertForwardKeepsNothing(s[0], out -> scalar.gru(gi, w, gh, w, hs, o, out, o, null, 0, h, n));
            assertForwardKeepsNothing(v[0], out -> vector.gru(gi, w, gh, w, hs, o, out, o, null, 0, h, n));
            scalar.gruBackward(s[1], w, gh, w, hs, o, grad, o, s[2], s[3], w, s[4], o, h, n); // both from the scalar activations
            vector.gruBackward(s[1], w, gh, w, hs, o, grad, o, v[2], v[3], w, v[4], o, h, n);
            for (int k = 0; k < 5; k++) {
                assertClose("gru double H=" + h + " result " + k, s[k], v[k], s[k].length / ROWS);
            }
        }
    }

    /** Without an array to save activations in, the forward kernel writes the same result. */
    private static void assertForwardKeepsNothing(float[] withSaved, Consumer<float[]> forward) {
        float[] out = new float[withSaved.length];
        forward.accept(out);
        assertArrayEquals(withSaved, out);
    }

    private static void assertForwardKeepsNothing(double[] withSaved, Consumer<double[]> forward) {
        double[] out = new double[withSaved.length];
        forward.accept(out);
        assertArrayEquals(withSaved, out);
    }

    /** The first {@code rowWidth} entries (row 0, outside the range) are untouched zeros; the rest agree. */
    private static void assertClose(String what, float[] s, float[] v, int rowWidth) {
        for (int i = 0; i < s.length; i++) {
            if (i < rowWidth) {
                assertEquals(0f, s[i], what + ": scalar wrote outside its rows at " + i);
                assertEquals(0f, v[i], what + ": vector wrote outside its rows at " + i);
            } else {
                assertTrue(Math.abs(s[i] - v[i]) <= TOL_FLOAT * (1 + Math.abs(s[i])), what + "[" + i + "]: scalar " + s[i]
                        + ", vector " + v[i]);
            }
        }
    }

    private static void assertClose(String what, double[] s, double[] v, int rowWidth) {
        for (int i = 0; i < s.length; i++) {
            if (i < rowWidth) {
                assertEquals(0.0, s[i], what + ": scalar wrote outside its rows at " + i);
                assertEquals(0.0, v[i], what + ": vector wrote outside its rows at " + i);
            } else {
                assertTrue(Math.abs(s[i] - v[i]) <= TOL_DOUBLE * (1 + Math.abs(s[i])), what + "[" + i + "]: scalar " + s[i]
                        + ", vector " + v[i]);
            }
        }
    }

    /** Gaussian values of standard deviation {@code scale}: gates saturate now and then. */
    private static float[] floats(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * rnd.nextGaussian());
        }
        return a;
    }

    private static double[] doubles(Random rnd, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * rnd.nextGaussian();
        }
        return a;
    }
}

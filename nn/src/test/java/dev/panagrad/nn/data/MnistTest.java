package dev.panagrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped 10k digits and loading MNIST from a directory of standard files. */
class MnistTest {
    private static TensorDataset train;
    private static TensorDataset test;
    private static long loadMillis;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadShipped() {
        long start = System.nanoTime();
        train = Mnist.train();
        test = Mnist.test();
        loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void shippedSplitsHold8000And2000Digits() {
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
    }

    @Test
    void loadingBothShippedSplitsTakesWellUnderASecondOrTwo() {
        assertTrue(loadMillis < 2000, "loading the shipped 10k took " + loadMillis + " ms");
    }

    @Test
    void anExampleIsAFloatImageOneByTwentyEightSquaredAndAnIntLabel() {
        Example e = train.get(0);
        assertEquals(DType.FLOAT32, e.input().dtype());
        assertArrayEquals(new int[] {1, 28, 28}, e.input().shape());
        assertEquals(DType.INT32, e.target().dtype());
        assertEquals(0, e.target().dim());
        assertArrayEquals(new int[] {8000, 1, 28, 28}, train.inputs().shape());
        assertArrayEquals(new int[] {2000}, test.targets().shape());
    }

    @Test
    void pixelsAreBytesOver255CoveringZeroToOne() {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double worstOffGrid = 0;
        for (float p : train.inputs().toFloatArray()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
            worstOffGrid = Math.max(worstOffGrid, Math.abs(p * 255.0 - Math.rint(p * 255.0)));
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertTrue(worstOffGrid < 1e-4, "a pixel is " + worstOffGrid + " off the k/255 grid");
    }

    @Test
    void classCountsEqualTheReadmeTable() throws IOException {
        int[][] table = readmeCounts(); // per class: train, test
        int[] trainCounts = histogram(train);
        int[] testCounts = histogram(test);
        for (int c = 0; c < 10; c++) {
            assertEquals(table[c][0], trainCounts[c], "train count of class " + c);
            assertEquals(table[c][1], testCounts[c], "test count of class " + c);
        }
    }

    @Test
    void noTestImageIsAlsoATrainImage() {
        Set<FloatBuffer> trainImages = new HashSet<>(images(train));
        assertEquals(8000, trainImages.size(), "train images are distinct");
        List<FloatBuffer> testImages = images(test);
        for (int i = 0; i < testImages.size(); i++) {
            assertFalse(trainImages.contains(testImages.get(i)), "test image " + i + " is also a train image");
        }
    }

    /** Each image as a buffer, compared by content. */
    private static List<FloatBuffer> images(TensorDataset d) {
        float[] all = d.inputs().toFloatArray();
        List<FloatBuffer> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(FloatBuffer.wrap(all, i * 784, 784).slice());
        }
        return out;
    }

    @Test
    void normalizeSubtractsTheMeanAndDividesByTheStd() {
        Tensor x = Tensor.of(new float[] {0f, 1f}, 2);
        assertArrayEquals(new float[] {(float) (-0.1307 / 0.3081), (float) ((1 - 0.1307) / 0.3081)},
                Mnist.normalize(x).toFloatArray(), 1e-6f);
    }

    @Test
    void normalizedTrainingPixelsHaveMeanNearZeroAndStdNearOne() {
        float[] z = Mnist.normalize(train.inputs().narrow(0, 0, 2000)).toFloatArray();
        double sum = 0;
        double sumSquares = 0;
        for (float v : z) {
            sum += v;
            sumSquares += (double) v * v;
        }
        double mean = sum / z.length;
        assertEquals(0, mean, 0.05);
        assertEquals(1, Math.sqrt(sumSquares / z.length - mean * mean), 0.05);
    }

    @Test
    void loadReadsTheStandardFilesOfADirectoryPlainOrGzip() throws IOException {
        Tensor images = Tensor.of(new int[] {0, 255, 51, 0, 0, 0, 0, 0}, 2, 2, 2);
        writeSplit(true, images, new int[] {3, 9}, "");
        writeSplit(false, Tensor.of(new int[28 * 28], 1, 28, 28), new int[] {7}, ".gz");
        assertThrows(IOException.class, () -> Mnist.load(dir, true)); // 2×2 images are not MNIST
        Tensor big = Tensor.of(new int[2 * 28 * 28], 2, 28, 28);
        writeSplit(true, big, new int[] {3, 9}, "");
        TensorDataset loaded = Mnist.load(dir, true);
        assertEquals(2, loaded.size());
        assertArrayEquals(new int[] {3, 9}, loaded.targets().toIntArray());
        assertEquals(1, Mnist.load(dir, false).size());
    }

    @Test
    void loadScalesPixelsAsToTensor() throws IOException {
        int[] pixels = new int[28 * 28];
        pixels[0] = 255;
        pixels[1] = 51;
        writeSplit(true, Tensor.of(pixels, 1, 28, 28), new int[] {4}, ".gz");
        Tensor image = Mnist.load(dir, true).get(0).input();
        assertEquals(1f, image.get(0, 0, 0));
        assertEquals(0.2f, image.get(0, 0, 1));
        assertEquals(0f, image.get(0, 27, 27));
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Idx.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Tensor.of(new int[28 * 28], 1, 28, 28), IdxType.UNSIGNED_BYTE);
        var e = assertThrows(NoSuchFileException.class, () -> Mnist.load(dir, false));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void labelAndImageCountsMustMatch() throws IOException {
        writeSplit(true, Tensor.of(new int[2 * 28 * 28], 2, 28, 28), new int[] {1, 2, 3}, "");
        var e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("3 labels") && e.getMessage().contains("2 images"), e.getMessage());
    }

    @Test
    void labelsMustBeDigits() throws IOException {
        writeSplit(true, Tensor.of(new int[2 * 28 * 28], 2, 28, 28), new int[] {1, 10}, "");
        var e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("label 1 is 10"), e.getMessage());
    }

    @Test
    void imagesMustBeUnsignedBytes() throws IOException {
        writeSplit(true, Tensor.of(new int[28 * 28], 1, 28, 28), new int[] {1}, "");
        Idx.write(dir.resolve("train-images-idx3-ubyte"), Tensor.of(new int[28 * 28], 1, 28, 28), IdxType.INT);
        var e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
        assertTrue(e.getMessage().contains("unsigned bytes") && e.getMessage().contains("0x0C"), e.getMessage());
    }

    @Test
    void aMalformedFileIsAnIdxFormatException() throws IOException {
        writeSplit(true, Tensor.of(new int[28 * 28], 1, 28, 28), new int[] {1}, "");
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1});
        var e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir, true));
        assertEquals(IdxFormatException.Reason.TRUNCATED_DATA, e.reason());
    }

    private void writeSplit(boolean isTrain, Tensor images, int[] labels, String suffix) throws IOException {
        String prefix = isTrain ? "train" : "t10k";
        Idx.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), images, IdxType.UNSIGNED_BYTE);
        Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), Tensor.of(labels, labels.length), IdxType.UNSIGNED_BYTE);
    }

    private static int[] histogram(TensorDataset d) {
        int[] counts = new int[10];
        for (int label : d.targets().toIntArray()) {
            counts[label]++;
        }
        return counts;
    }

    /** The "Counts per class" table of the shipped README: rows {@code | c | total | train | test |}. */
    private static int[][] readmeCounts() throws IOException {
        int[][] table = new int[10][];
        Pattern row = Pattern.compile("^\\| (\\d) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$");
        try (InputStream in = Mnist.class.getResourceAsStream("mnist-10k/README.md");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = row.matcher(line.strip());
                if (m.matches()) {
                    table[Integer.parseInt(m.group(1))] = new int[] {Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
                }
            }
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(table[c] != null, "README has no row for class " + c);
        }
        return table;
    }
}

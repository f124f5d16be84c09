package dev.panagrad.nn.data;

import dev.panagrad.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The MNIST handwritten digits as a {@link TensorDataset}, like torchvision's {@code MNIST(...,
 * transform=ToTensor())}: each input a FLOAT32 image {@code [1, 28, 28]} with pixels scaled to
 * [0, 1] (byte / 255), each target a rank-0 INT32 class 0..9.
 *
 * <p>{@link #train()} and {@link #test()} load the 10,000 digits shipped inside this module (8,000
 * for training, 2,000 for testing, stratified by class; provenance, licence and class counts in
 * {@code mnist-10k/README.md} beside them), with no file or network access. {@link #load(Path,
 * boolean)} reads the standard files of the full set from a directory.
 *
 * {@snippet :
 * TensorDataset train = Mnist.train();                       // 8000 examples
 * Example first = train.get(0);                              // input [1, 28, 28], target []
 * Dataset<Example> normalized = train.map(e -> e.withInput(Mnist.normalize(e.input())));
 * }
 */
public final class Mnist {
    /** Mean pixel value of the MNIST training set in [0, 1] scale (torchvision's usual {@code Normalize((0.1307,), (0.3081,))}). */
    public static final double MEAN = 0.1307;
    /** Standard deviation of the MNIST training pixels in [0, 1] scale. */
    public static final double STD = 0.3081;
    /** Number of classes (digits 0..9). */
    public static final int NUM_CLASSES = 10;
    /** Image height and width. */
    public static final int SIZE = 28;

    private static final String RESOURCES = "mnist-10k/";

    private Mnist() {}

    /** The 8,000 shipped training digits. */
    public static TensorDataset train() {
        return shipped(true);
    }

    /** The 2,000 shipped test digits (none of them is in {@link #train()}). */
    public static TensorDataset test() {
        return shipped(false);
    }

    private static TensorDataset shipped(boolean train) {
        String images = RESOURCES + imagesFile(train) + ".gz";
        String labels = RESOURCES + labelsFile(train) + ".gz";
        try {
            return dataset(readResource(images), images, readResource(labels), labels);
        } catch (IOException e) {
            throw new UncheckedIOException("Mnist: the shipped digits (" + images + ", " + labels + ") do not load", e);
        }
    }

    private static Idx.IdxArray readResource(String name) throws IOException {
        try (InputStream in = Mnist.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new NoSuchFileException(name, null, "Mnist: resource missing from module dev.panagrad.nn");
            }
            return Idx.readArray(in, name);
        }
    }

    /**
     * The training ({@code train = true}) or test split of MNIST in the standard files of
     * {@code dir}: {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte}, or
     * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each plain or with a
     * {@code .gz} suffix (when both exist, the plain file is read). Throws
     * {@link NoSuchFileException} naming a missing file, {@link IdxFormatException} for a malformed
     * one, and an {@link IOException} when the files are well-formed IDX but not MNIST (shapes,
     * types, counts that differ, labels outside 0..9).
     */
    public static TensorDataset load(Path dir, boolean train) throws IOException {
        Path images = find(dir, imagesFile(train));
        Path labels = find(dir, labelsFile(train));
        return dataset(readFile(images), images.toString(), readFile(labels), labels.toString());
    }

    private static Idx.IdxArray readFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Idx.readArray(in, file.toString());
        }
    }

    private static String imagesFile(boolean train) {
        return (train ? "train" : "t10k") + "-images-idx3-ubyte";
    }

    private static String labelsFile(boolean train) {
        return (train ? "train" : "t10k") + "-labels-idx1-ubyte";
    }

    private static Path find(Path dir, String name) throws NoSuchFileException {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new NoSuchFileException(plain.toString(), null, "Mnist: neither " + name + " nor " + name + ".gz is in " + dir);
    }

    /** Validates the two IDX arrays as MNIST and scales the pixels. */
    private static TensorDataset dataset(Idx.IdxArray images, String imagesName, Idx.IdxArray labels, String labelsName)
            throws IOException {
        int[] shape = images.shape();
        if (images.type() != IdxType.UNSIGNED_BYTE || shape.length != 3 || shape[1] != SIZE || shape[2] != SIZE) {
            throw new IOException("Mnist: " + imagesName + " must hold N×28×28 unsigned bytes, got " + images.type().describe()
                    + " " + Arrays.toString(shape));
        }
        if (labels.type() != IdxType.UNSIGNED_BYTE || labels.shape().length != 1) {
            throw new IOException("Mnist: " + labelsName + " must hold N unsigned bytes, got " + labels.type().describe() + " "
                    + Arrays.toString(labels.shape()));
        }
        byte[] classes = labels.data();
        if (classes.length != shape[0]) {
            throw new IOException("Mnist: " + labelsName + " holds " + classes.length + " labels but " + imagesName + " holds "
                    + shape[0] + " images");
        }
        int[] targets = new int[classes.length];
        for (int i = 0; i < classes.length; i++) {
            targets[i] = classes[i] & 0xff;
            if (targets[i] >= NUM_CLASSES) {
                throw new IOException("Mnist: " + labelsName + ": label " + i + " is " + targets[i] + ", not a digit 0..9");
            }
        }
        byte[] pixels = images.data();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (pixels[i] & 0xff) / 255f; // ToTensor: byte / 255 in float32
        }
        return new TensorDataset(Tensor.of(scaled, shape[0], 1, SIZE, SIZE), Tensor.of(targets, targets.length));
    }

    /**
     * {@code (x − 0.1307) / 0.3081}: torchvision's {@code Normalize((0.1307,), (0.3081,))}, which
     * gives MNIST pixels mean ≈ 0 and standard deviation ≈ 1. Works on one image or a batch.
     */
    public static Tensor normalize(Tensor images) {
        return images.sub(MEAN).div(STD);
    }
}

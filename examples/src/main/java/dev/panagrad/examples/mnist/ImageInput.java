package dev.panagrad.examples.mnist;

import dev.panagrad.core.Tensor;
import dev.panagrad.examples.run.ExampleException;
import dev.panagrad.nn.data.Mnist;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * A picture of one handwritten digit turned into what the MNIST classifiers were trained on: a
 * {@code [1, 1, 28, 28]} image of a light digit on a dark background, normalized like the training
 * data. Any image {@code javax.imageio} reads (PNG, JPEG, GIF, BMP) of at least 28×28 pixels works:
 * <ol>
 * <li>it is converted to gray levels in [0, 1] (ITU-R 601 luma, as PIL's {@code convert("L")});
 *     transparent pixels count as white, as a viewer shows them;
 * <li>it is inverted when its border is light (mean gray level of the outermost pixels above 0.5),
 *     since MNIST digits are white on black;
 * <li>it is padded with background to a square and shrunk to 28×28 by area averaging (each pixel
 *     the mean of the area it covers); or, when {@code fit} is set, fitted as MNIST's digits were
 *     made: its contrast stretched, the digit cropped, scaled into a 20×20 box and centred by its
 *     centre of mass — what photos and drawings need;
 * <li>it is normalized with {@link Mnist#normalize}.
 * </ol>
 */
public final class ImageInput {
    /** Side of the box a fitted digit is scaled into, as in MNIST. */
    private static final int DIGIT_BOX = 20;
    /** Gray level above which a pixel belongs to the digit when looking for its bounding box. */
    private static final double INK = 0.2;

    private ImageInput() {}

    /** A gray image: {@code pixels[y * width + x]} in [0, 1]. */
    private record Gray(int width, int height, double[] pixels) {
        Gray(int width, int height) {
            this(width, height, new double[width * height]);
        }

        double at(int x, int y) {
            return pixels[y * width + x];
        }
    }

    /**
     * The normalized {@code [1, 1, 28, 28]} input for the digit in {@code file}.
     *
     * @param fit stretch the contrast, crop the digit, scale it into a 20×20 box and centre it by its centre of mass
     * @throws ExampleException if the file is missing, is not an image, or is smaller than 28×28
     */
    public static Tensor read(Path file, boolean fit) {
        if (!Files.isRegularFile(file)) {
            throw new ExampleException("image " + file + " does not exist");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ExampleException("image " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new ExampleException(file + " is not an image (expected a PNG, JPEG, GIF or BMP file)");
        }
        if (image.getWidth() < Mnist.SIZE || image.getHeight() < Mnist.SIZE) {
            throw new ExampleException("image " + file + " is " + image.getWidth() + "×" + image.getHeight()
                    + " pixels; it must be at least " + Mnist.SIZE + "×" + Mnist.SIZE);
        }
        return input(image, fit);
    }

    /** The normalized {@code [1, 1, 28, 28]} input for the digit in {@code image} (at least 28×28). */
    public static Tensor input(BufferedImage image, boolean fit) {
        Gray gray = lightOnDark(grayscale(image));
        Gray digit = fit ? fitDigit(gray) : resize(square(gray), Mnist.SIZE, Mnist.SIZE);
        float[] pixels = new float[digit.pixels().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) digit.pixels()[i];
        }
        return Mnist.normalize(Tensor.of(pixels, 1, 1, Mnist.SIZE, Mnist.SIZE));
    }

    /** Gray levels in [0, 1], alpha composited over white. */
    private static Gray grayscale(BufferedImage image) {
        Gray gray = new Gray(image.getWidth(), image.getHeight());
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        // Gray images are read from their samples: getRGB would treat the levels as linear light and brighten them.
        boolean grayLevels = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel);
        double maxLevel = (1L << model.getComponentSize(0)) - 1;
        double maxAlpha = model.hasAlpha() ? (1L << model.getComponentSize(model.getNumComponents() - 1)) - 1 : 1;
        for (int y = 0; y < gray.height(); y++) {
            for (int x = 0; x < gray.width(); x++) {
                double level;
                double alpha;
                if (grayLevels) {
                    level = raster.getSample(x, y, 0) / maxLevel;
                    alpha = model.hasAlpha() ? raster.getSample(x, y, 1) / maxAlpha : 1;
                } else {
                    int argb = image.getRGB(x, y);
                    int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
                    level = (299 * r + 587 * g + 114 * b) / 1000.0 / 255; // luma; exact for r = g = b
                    alpha = (argb >>> 24) / 255.0;
                }
                gray.pixels()[y * gray.width() + x] = alpha == 1 ? level : alpha * level + (1 - alpha);
            }
        }
        return gray;
    }

    /** {@code image}, inverted when its border is light (mean above 0.5). */
    private static Gray lightOnDark(Gray image) {
        if (borderMean(image) <= 0.5) {
            return image;
        }
        Gray inverted = new Gray(image.width(), image.height());
        for (int i = 0; i < inverted.pixels().length; i++) {
            inverted.pixels()[i] = 1 - image.pixels()[i];
        }
        return inverted;
    }

    /** The mean gray level of the outermost rows and columns of {@code image}. */
    private static double borderMean(Gray image) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (y == 0 || y == image.height() - 1 || x == 0 || x == image.width() - 1) {
                    sum += image.at(x, y);
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** {@code image} centred on a black square whose side is its longer side. */
    private static Gray square(Gray image) {
        int side = Math.max(image.width(), image.height());
        return paste(image, new Gray(side, side), (side - image.width()) / 2, (side - image.height()) / 2);
    }

    /**
     * MNIST's own preprocessing, for pictures that are not MNIST-like already: the contrast stretched
     * so that the background (the border's mean) is 0 and the brightest pixel 1; the digit's bounding
     * box (pixels above {@value #INK}) made square and scaled to 20×20; and that box placed in a 28×28
     * image so that its centre of mass is at the centre. An image without contrast is only resized.
     */
    private static Gray fitDigit(Gray image) {
        double background = borderMean(image);
        double peak = Arrays.stream(image.pixels()).max().orElseThrow();
        if (peak - background < INK) {
            return resize(square(image), Mnist.SIZE, Mnist.SIZE);
        }
        Gray ink = new Gray(image.width(), image.height());
        for (int i = 0; i < ink.pixels().length; i++) {
            ink.pixels()[i] = Math.clamp((image.pixels()[i] - background) / (peak - background), 0, 1);
        }
        return centred(resize(square(inkBox(ink)), DIGIT_BOX, DIGIT_BOX));
    }

    /** The smallest rectangle of {@code image} holding every pixel above {@value #INK} (there is one). */
    private static Gray inkBox(Gray image) {
        int left = image.width(), right = -1, top = image.height(), bottom = -1;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (image.at(x, y) > INK) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        Gray box = new Gray(right - left + 1, bottom - top + 1);
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(image.pixels(), (top + y) * image.width() + left, box.pixels(), y * box.width(), box.width());
        }
        return box;
    }

    /** The 20×20 {@code digit} in a 28×28 image, moved by whole pixels so its centre of mass is near the centre. */
    private static Gray centred(Gray digit) {
        double mass = 0, cx = 0, cy = 0;
        for (int y = 0; y < DIGIT_BOX; y++) {
            for (int x = 0; x < DIGIT_BOX; x++) {
                mass += digit.at(x, y);
                cx += digit.at(x, y) * (x + 0.5);
                cy += digit.at(x, y) * (y + 0.5);
            }
        }
        int limit = Mnist.SIZE - DIGIT_BOX; // the whole box stays inside the image
        int x0 = Math.clamp(Math.round(Mnist.SIZE / 2.0 - cx / mass), 0, limit);
        int y0 = Math.clamp(Math.round(Mnist.SIZE / 2.0 - cy / mass), 0, limit);
        return paste(digit, new Gray(Mnist.SIZE, Mnist.SIZE), x0, y0);
    }

    /** {@code canvas} with {@code image} copied onto it, its top-left corner at ({@code x0}, {@code y0}). */
    private static Gray paste(Gray image, Gray canvas, int x0, int y0) {
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.pixels(), y * image.width(), canvas.pixels(), (y0 + y) * canvas.width() + x0, image.width());
        }
        return canvas;
    }

    /**
     * {@code image} resampled to {@code width}×{@code height} by area averaging: each output pixel is
     * the mean of the input area it covers (PIL's box filter, OpenCV's {@code INTER_AREA}).
     */
    private static Gray resize(Gray image, int width, int height) {
        Span[] columns = spans(image.width(), width);
        Span[] rows = spans(image.height(), height);
        Gray out = new Gray(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int j = 0; j < rows[y].weights().length; j++) {
                    double row = 0;
                    for (int i = 0; i < columns[x].weights().length; i++) {
                        row += columns[x].weights()[i] * image.at(columns[x].first() + i, rows[y].first() + j);
                    }
                    sum += rows[y].weights()[j] * row;
                }
                out.pixels()[y * width + x] = sum;
            }
        }
        return out;
    }

    /**
     * The input pixels one output pixel covers along an axis: from {@code first} on, each making up
     * {@code weights[i]} of its extent (the weights sum to 1).
     */
    private record Span(int first, double[] weights) {}

    /** The spans of {@code out} output pixels laid over {@code in} input pixels. */
    private static Span[] spans(int in, int out) {
        double scale = (double) in / out;
        Span[] spans = new Span[out];
        for (int o = 0; o < out; o++) {
            double start = o * scale, end = (o + 1) * scale;
            int first = (int) Math.floor(start), last = Math.min(in - 1, (int) Math.ceil(end) - 1);
            double[] weights = new double[last - first + 1];
            for (int i = first; i <= last; i++) {
                weights[i - first] = (Math.min(end, i + 1) - Math.max(start, i)) / scale;
            }
            spans[o] = new Span(first, weights);
        }
        return spans;
    }
}

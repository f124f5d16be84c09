package dev.panagrad.examples.eval;

import dev.panagrad.nn.data.Mnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Pictures of MNIST digits as a user might make them: gray, scaled up in colour, inverted, transparent. */
final class Digits {
    private Digits() {}

    /** The 28×28 gray levels 0..255 of {@code pixels} ({@code [1, 28, 28]} or {@code [784]} in [0, 1]). */
    static int[] levels(float[] pixels) {
        int[] levels = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            levels[i] = Math.round(pixels[i] * 255);
        }
        return levels;
    }

    /** The digit as an 8-bit gray image, white on black as in MNIST. */
    static BufferedImage gray(int[] levels) {
        BufferedImage image = new BufferedImage(Mnist.SIZE, Mnist.SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < levels.length; i++) {
            image.getRaster().setSample(i % Mnist.SIZE, i / Mnist.SIZE, 0, levels[i]);
        }
        return image;
    }

    /** The digit dark on light, as drawn on paper. */
    static BufferedImage inverted(int[] levels) {
        BufferedImage image = new BufferedImage(Mnist.SIZE, Mnist.SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < levels.length; i++) {
            image.getRaster().setSample(i % Mnist.SIZE, i / Mnist.SIZE, 0, 255 - levels[i]);
        }
        return image;
    }

    /** The digit as an RGB image {@code scale} times larger, each pixel a {@code scale}×{@code scale} square. */
    static BufferedImage rgb(int[] levels, int scale) {
        BufferedImage image = new BufferedImage(Mnist.SIZE * scale, Mnist.SIZE * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = levels[(y / scale) * Mnist.SIZE + x / scale];
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    /** The digit as black ink on a transparent background: its gray level is the ink's opacity. */
    static BufferedImage transparent(int[] levels) {
        BufferedImage image = new BufferedImage(Mnist.SIZE, Mnist.SIZE, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < levels.length; i++) {
            image.setRGB(i % Mnist.SIZE, i / Mnist.SIZE, levels[i] << 24);
        }
        return image;
    }

    /**
     * The digit dark on a light {@code width}×{@code height} RGB page, {@code scale} times larger, its
     * top-left corner at ({@code x0}, {@code y0}): a digit that is neither 28×28 nor centred.
     */
    static BufferedImage onPage(int[] levels, int scale, int width, int height, int x0, int y0) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int dx = (x - x0) / scale, dy = (y - y0) / scale;
                boolean inside = x >= x0 && y >= y0 && dx < Mnist.SIZE && dy < Mnist.SIZE;
                int v = 255 - (inside ? levels[dy * Mnist.SIZE + dx] : 0);
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    /** Writes {@code image} as a PNG and returns its path. */
    static Path png(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}

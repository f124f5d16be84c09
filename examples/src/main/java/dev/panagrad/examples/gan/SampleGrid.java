package dev.panagrad.examples.gan;

import dev.panagrad.core.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Generated digits as one grayscale PNG: images in rows of {@code columns}, separated and framed by a
 * black {@value #PADDING}-pixel border, as torchvision's {@code save_image(images, nrow=columns)}
 * (an 8×8 grid of 28×28 digits is 242×242 pixels).
 */
public final class SampleGrid {
    /** Pixels between neighbouring images and around the grid. */
    public static final int PADDING = 2;

    private SampleGrid() {}

    /**
     * The PNG bytes of {@code images} ({@code [N, 1, H, W]}, pixels in [−1, 1] as a tanh generator
     * makes them; values outside are clipped), {@code columns} images per row.
     */
    public static byte[] png(Tensor images, int columns) {
        int[] shape = images.shape();
        if (shape.length != 4 || shape[1] != 1 || shape[0] < 1) {
            throw new IllegalArgumentException("SampleGrid: expected grayscale images [N, 1, H, W], got " + Arrays.toString(shape));
        }
        int n = shape[0], h = shape[2], w = shape[3];
        int rows = (n + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * (w + PADDING) + PADDING, rows * (h + PADDING) + PADDING,
                BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = grid.getRaster();
        float[] pixels = images.toFloatArray();
        for (int i = 0; i < n; i++) {
            int left = PADDING + (i % columns) * (w + PADDING);
            int top = PADDING + (i / columns) * (h + PADDING);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = pixels[(i * h + y) * w + x];
                    raster.setSample(left + x, top + y, 0, Math.round(Math.clamp((v + 1) * 127.5f, 0f, 255f))); // [−1, 1] → [0, 255]
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("SampleGrid: PNG encoding failed", e); // in memory: cannot happen
        }
        return out.toByteArray();
    }
}

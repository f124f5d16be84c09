package dev.panagrad.core.kernels;

/**
 * The index geometry shared by a convolution and its adjoints, for one channel plane: a "big" plane of
 * {@code h × w} (a convolution's input, a transposed convolution's output) and a "small" plane of
 * {@code oh × ow} (a convolution's output), related by
 * {@code iy = oy·sh − ph + ky·dh, ix = ox·sw − pw + kx·dw} for kernel offsets {@code ky < kh, kx < kw}.
 * Big-plane positions outside {@code [0, h) × [0, w)} are zero padding.
 *
 * @param h  big-plane height
 * @param w  big-plane width
 * @param kh kernel height
 * @param kw kernel width
 * @param sh vertical stride
 * @param sw horizontal stride
 * @param ph top (and bottom) padding
 * @param pw left (and right) padding
 * @param dh vertical dilation
 * @param dw horizontal dilation
 * @param oh small-plane height
 * @param ow small-plane width
 */
public record ConvGeometry(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {

    /** Rows of the column matrix per channel: {@code kh·kw}. */
    public int kernelArea() {
        return kh * kw;
    }

    /** Columns of the column matrix: {@code oh·ow}. */
    public int outArea() {
        return oh * ow;
    }

    /** Big-plane row read by small-plane row {@code oy} at kernel row {@code ky} (may be outside the plane). */
    public int inRow(int oy, int ky) {
        return oy * sh - ph + ky * dh;
    }

    /** First small-plane row whose big-plane row {@code oy·sh − ph + ky·dh} is ≥ 0. */
    public int firstRow(int ky) {
        return Math.min(oh, Math.max(0, Math.ceilDiv(ph - ky * dh, sh)));
    }

    /** One past the last small-plane row whose big-plane row is {@code < h} (never below {@link #firstRow}). */
    public int endRow(int ky) {
        return Math.max(firstRow(ky), Math.min(oh, Math.ceilDiv(h + ph - ky * dh, sh)));
    }

    /** First small-plane column whose big-plane column {@code ox·sw − pw + kx·dw} is ≥ 0. */
    public int firstCol(int kx) {
        return Math.min(ow, Math.max(0, Math.ceilDiv(pw - kx * dw, sw)));
    }

    /** One past the last small-plane column whose big-plane column is {@code < w} (never below {@link #firstCol}). */
    public int endCol(int kx) {
        return Math.max(firstCol(kx), Math.min(ow, Math.ceilDiv(w + pw - kx * dw, sw)));
    }
}

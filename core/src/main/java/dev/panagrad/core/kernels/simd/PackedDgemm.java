package dev.panagrad.core.kernels.simd;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 GEMM in the GotoBLAS structure, on one thread. B is packed, one KC × NC block at a time,
 * into k-major panels {@link #NR} columns wide (zero-padded); an {@link #MR} × NR register-blocked
 * micro-kernel (8 vector accumulators) then walks each panel against MR rows of A. A plain A is read
 * in place where packing would not pay ({@link #readsAInPlace}; each of its MR rows is then a
 * unit-stride stream in k); otherwise A, and always a last group of fewer than MR rows read in place,
 * is first packed into k-major panels MR rows high. Transposed operands are therefore handled by the
 * packing alone, never by copying the whole operand. For a plain B and few rows of C (convolution as
 * GEMM: 8 or 16 output channels against tens of thousands of columns) B is not packed ahead:
 * {@link #streamed} reads each panel in place once, packing it on the way for the other rows.
 *
 * <p>Every element of C is computed the same way wherever its tile falls (full, edge, narrow
 * one-vector edge, A packed or in place): a fused multiply-add chain over each KC block in order of
 * k, added to C. A caller may therefore split C into column or row blocks across threads and get
 * bitwise the result of one thread. Packing buffers are per thread and reused.
 *
 * <p>Generated from {@link PackedSgemm} by replacing {@code float} with {@code double} ({@code Float}
 * with {@code Double}, {@code 0f} with {@code 0.0}); change both together.
 */
final class PackedDgemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Micro-tile width: two vectors. */
    static final int NR = 2 * L;
    /**
     * Micro-tile height: 4 rows × 2 vectors = 8 accumulators. With AVX2's 16 vector registers the
     * budget is accumulators + MR broadcasts + vector loads ≤ 16, because C2 issues every load of a
     * k step before the first FMA; 4 × 2 (8 + 4 + 2) and 3 × 3 (9 + 3 + 3) fit, while 6 × 2
     * (12 + 6 + 2), 5 × 2 and 4 × 3 spill an accumulator to the stack and run at 36–44 GFLOP/s instead
     * of 88–93 on one core (measured with {@code -Xbatch}, JDK 25, Zen 4). Unrolling the k loop by
     * two spills for the same reason.
     */
    static final int MR = 4;
    /** MR lanes: one k step of a packed A panel, copied at once from a transposed A. */
    private static final VectorSpecies<Double> PANEL_ROW = DoubleVector.SPECIES_256;
    /** Depth of a block: a B panel (KC × NR elements, 32 KiB in either precision) stays in L1 while A streams past. */
    private static final int KC = 512;
    /** Rows of A per block: MC × KC elements (192 KiB in float32) stay in L2 while every panel of B passes. */
    private static final int MC = 96;
    /** Columns of B per block (KC × NC elements, 4 MiB in float32, in L3). */
    private static final int NC = 2048;

    /** Up to this many columns of C per call A is read in place: packing it would cost NR/n of the work or more. */
    private static final int IN_PLACE_MAX_N = 256;
    /** Rows of A closer than this (in elements) are read in place whatever n is. */
    private static final int IN_PLACE_MAX_LDA = 1024;

    /** Up to this many rows of C a plain B is read in place ({@link #readsBInPlace}); at most MC. */
    static final int STREAM_B_MAX_M = 32;

    private static final class Buffers {
        final double[] a = new double[MC * KC];
        final double[] tile = new double[MR * NR];
        double[] b = new double[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private PackedDgemm() {}

    /** {@code C = op(A)·op(B)} (or {@code +=}) without packing, for problems too small to amortise it. */
    static void unpacked(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        int bp = transB ? 1 : ldb;
        int bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * ai + p * ap], b[bOff + p * bp + j * bj], acc);
                }
                int o = cOff + i * ldc + j;
                c[o] = accumulate ? c[o] + acc : acc;
            }
        }
    }

    /** {@code C = op(A)·op(B)} (or {@code +=}) on the calling thread; requires k ≥ 1. */
    static void packed(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        if (readsBInPlace(transB, m, n)) {
            streamed(transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            packsB(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /** {@link #packed} packing B whatever m is (also the reference {@link #streamed} is measured against). */
    static void packsB(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        boolean inPlace = readsAInPlace(transA, n, lda);
        int bSize = Math.min(k, KC) * roundUp(Math.min(n, NC), NR);
        if (buf.b.length < bSize) {
            buf.b = new double[bSize];
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kc, nc, buf.b);
                boolean add = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int cBlock = cOff + ic * ldc + jc;
                    if (!inPlace) {
                        packA(transA, a, aOff, lda, ic, pc, mc, kc, buf.a);
                        packedBlock(mc, nc, kc, buf.a, buf.b, buf.tile, c, cBlock, ldc, add);
                    } else {
                        inPlaceBlock(mc, nc, kc, a, aOff + ic * lda + pc, lda, buf, c, cBlock, ldc, add);
                    }
                }
            }
        }
    }

    /**
     * Whether {@link #packed} reads A in place rather than packing it: only a plain A, and only while
     * packing would cost a noticeable share (about m·k copies against m·n·k/NR cycles of vector FMAs)
     * or A's rows are close enough not to collide in the caches. With 4 KiB between rows (lda ≥ 1024
     * in float32) the MR row streams and the L1-resident B panel fall into the same cache sets: in
     * place measured 41–61 against 64–70 GFLOP/s packed at 2048³ on one core.
     */
    static boolean readsAInPlace(boolean transA, int n, int lda) {
        return !transA && (n <= IN_PLACE_MAX_N || lda < IN_PLACE_MAX_LDA);
    }

    /**
     * Whether {@link #packed} takes {@link #streamed}, reading a plain B in place rather than packing
     * it in a pass of its own: for at most {@link #STREAM_B_MAX_M} rows of C, where each element of B
     * feeds at most eight micro-tiles, so that pass (a load and a store per element, B's rows far apart
     * in memory) costs about as much as the multiply-adds. This is convolution as GEMM with few output
     * channels (8 × 25 weights against 25 × 50 176 columns). Only above {@link #IN_PLACE_MAX_N}
     * columns, where {@link #packsB} would pack A as well: {@link #streamed} always packs A (a scalar
     * copy per element), which at 32 × 64 × 1024 cost more than packing B saves (67 against 75
     * GFLOP/s on one core).
     */
    static boolean readsBInPlace(boolean transB, int m, int n) {
        return !transB && m <= STREAM_B_MAX_M && n > IN_PLACE_MAX_N;
    }

    /**
     * {@link #packed} for {@link #readsBInPlace}: A (at most {@link #STREAM_B_MAX_M} rows) is packed
     * into MR-row panels once per KC block; for each whole panel of NR columns of B, the first MR rows
     * read B where it lies ({@link #streamed2}), storing the panel packed as they go when more rows
     * follow ({@link #streamed2Packing}), and the other rows run {@link #packed2} on that L1-resident
     * copy. B's strided rows are thus read once, with no separate packing pass: 40 against 27 GFLOP/s
     * for 8 × 50 176 × 25 and 69 against 55 for 16 × 6400 × 200 on one core, 76 against 48 and 136
     * against 95 on two ({@code -Xbatch}, JDK 25). Re-reading B in place for every group of MR rows
     * instead was slower than packing (24 against 35 GFLOP/s at 16 × 50 176 × 25): rows 4n bytes apart
     * share L1 sets. A last panel narrower than NR is packed as {@link #packed} would (zero-padded)
     * and goes through {@link #packed2} / {@link #packed1}. Each element of C is the same chain of
     * fused multiply-adds per KC block as in the packed path, so results are bitwise equal to it and
     * independent of how a caller splits C.
     */
    static void streamed(boolean transA, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
            int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int whole = n / NR * NR;
        if (buf.b.length < Math.min(k, KC) * NR) {
            buf.b = new double[Math.min(k, KC) * NR];
        }
        double[] pa = buf.a;
        double[] tile = buf.tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean add = accumulate || pc > 0;
            packA(transA, a, aOff, lda, 0, pc, m, kc, pa);
            int bBlock = bOff + pc * ldb;
            for (int j0 = 0; j0 < whole; j0 += NR) {
                if (m <= MR) {
                    streamed2(kc, pa, 0, b, bBlock + j0, ldb, tile);
                } else {
                    streamed2Packing(kc, pa, b, bBlock + j0, ldb, buf.b, tile);
                }
                storeTile(tile, c, cOff + j0, ldc, Math.min(MR, m), NR, add);
                for (int i0 = MR; i0 < m; i0 += MR) {
                    packed2(kc, pa, i0 * kc, buf.b, 0, tile);
                    storeTile(tile, c, cOff + i0 * ldc + j0, ldc, Math.min(MR, m - i0), NR, add);
                }
            }
            if (whole < n) {
                int nr = n - whole;
                packB(false, b, bOff, ldb, pc, whole, kc, nr, buf.b);
                for (int i0 = 0; i0 < m; i0 += MR) {
                    if (nr > L) {
                        packed2(kc, pa, i0 * kc, buf.b, 0, tile);
                    } else {
                        packed1(kc, pa, i0 * kc, buf.b, 0, tile);
                    }
                    storeTile(tile, c, cOff + i0 * ldc + whole, ldc, Math.min(MR, m - i0), nr, add);
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] as panels of NR columns: element (p, j) of panel q at
     * {@code q*kc*NR + p*NR + j}, columns past nc zero. A plain B is copied row by row with vector
     * loads (masked for a last narrow panel, such as the 10 columns of a classifier head: the masked
     * lanes load as zero). A transposed B (the weight of every linear layer forward) is read as rows of
     * B, each contiguous in p: with 8 lanes, a whole panel is transposed in 8 × 8 blocks in registers
     * ({@link #transpose8}; 71–74 against 62–64 GFLOP/s for 64×256×784 on one core, where the element
     * by element copy cost about a cycle per element, 14% of the GEMM), the last kc mod 8 rows and
     * narrow panels element by element. Vector gathers ({@code vgatherdps}) were no faster than
     * copying element by element, nor was reading along j.
     */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, double[] dst) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int base = j0 * kc;
            if (transB && nr == NR && L == 8) {
                int src = bOff + (jc + j0) * ldb + pc;
                int p8 = kc & ~7;
                for (int p = 0; p < p8; p += 8) {
                    transpose8(b, src + p, ldb, dst, base + p * NR);
                    transpose8(b, src + 8 * ldb + p, ldb, dst, base + p * NR + 8);
                }
                for (int j = 0; j < NR; j++) {
                    for (int p = p8; p < kc; p++) {
                        dst[base + p * NR + j] = b[src + j * ldb + p];
                    }
                }
            } else if (transB) {
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + j0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * NR + j] = b[src + p];
                    }
                }
                for (int p = 0; p < kc; p++) {
                    for (int j = nr; j < NR; j++) {
                        dst[base + p * NR + j] = 0;
                    }
                }
            } else {
                int src = bOff + pc * ldb + jc + j0;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        DoubleVector.fromArray(S, b, src + p * ldb).intoArray(dst, base + p * NR);
                        DoubleVector.fromArray(S, b, src + p * ldb + L).intoArray(dst, base + p * NR + L);
                    }
                } else {
                    VectorMask<Double> low = S.indexInRange(0, nr);
                    VectorMask<Double> high = S.indexInRange(L, nr);
                    for (int p = 0; p < kc; p++) {
                        DoubleVector.fromArray(S, b, src + p * ldb, low).intoArray(dst, base + p * NR);
                        DoubleVector.fromArray(S, b, src + p * ldb + L, high).intoArray(dst, base + p * NR + L);
                    }
                }
            }
        }
    }

    /** Lane l takes lane l − h (mod 8), for h = 1, 2, 4: the shuffles and masks of {@link #transpose8}. */
    private static final VectorShuffle<Double> DOWN1 = shift(-1), DOWN2 = shift(-2), DOWN4 = shift(-4);
    /** Lane l takes lane l + h (mod 8). */
    private static final VectorShuffle<Double> UP1 = shift(1), UP2 = shift(2), UP4 = shift(4);
    /** The lanes l with bit h set. */
    private static final VectorMask<Double> BIT1 = bit(1), BIT2 = bit(2), BIT4 = bit(4);

    private static VectorShuffle<Double> shift(int by) {
        return VectorShuffle.fromOp(S, l -> Math.floorMod(l + by, L));
    }

    private static VectorMask<Double> bit(int h) {
        boolean[] set = new boolean[L];
        for (int l = 0; l < L; l++) {
            set[l] = (l & h) != 0;
        }
        return VectorMask.fromArray(S, set, 0);
    }

    /**
     * Writes the transpose of the 8 × 8 block of {@code src} at {@code s} (rows {@code lds} apart) to
     * {@code dst} at {@code d} (rows NR apart), for L = 8: three butterfly stages, each swapping the
     * off-diagonal h × h blocks of every 2h × 2h block (h = 4, 2, 1) with a lane shuffle and a blend
     * per row, so the block moves through registers with eight loads and eight stores.
     */
    private static void transpose8(double[] src, int s, int lds, double[] dst, int d) {
        DoubleVector r0 = DoubleVector.fromArray(S, src, s);
        DoubleVector r1 = DoubleVector.fromArray(S, src, s + lds);
        DoubleVector r2 = DoubleVector.fromArray(S, src, s + 2 * lds);
        DoubleVector r3 = DoubleVector.fromArray(S, src, s + 3 * lds);
        DoubleVector r4 = DoubleVector.fromArray(S, src, s + 4 * lds);
        DoubleVector r5 = DoubleVector.fromArray(S, src, s + 5 * lds);
        DoubleVector r6 = DoubleVector.fromArray(S, src, s + 6 * lds);
        DoubleVector r7 = DoubleVector.fromArray(S, src, s + 7 * lds);
        DoubleVector t0 = r0.blend(r4.rearrange(DOWN4), BIT4), t4 = r0.rearrange(UP4).blend(r4, BIT4);
        DoubleVector t1 = r1.blend(r5.rearrange(DOWN4), BIT4), t5 = r1.rearrange(UP4).blend(r5, BIT4);
        DoubleVector t2 = r2.blend(r6.rearrange(DOWN4), BIT4), t6 = r2.rearrange(UP4).blend(r6, BIT4);
        DoubleVector t3 = r3.blend(r7.rearrange(DOWN4), BIT4), t7 = r3.rearrange(UP4).blend(r7, BIT4);
        r0 = t0.blend(t2.rearrange(DOWN2), BIT2);
        r2 = t0.rearrange(UP2).blend(t2, BIT2);
        r1 = t1.blend(t3.rearrange(DOWN2), BIT2);
        r3 = t1.rearrange(UP2).blend(t3, BIT2);
        r4 = t4.blend(t6.rearrange(DOWN2), BIT2);
        r6 = t4.rearrange(UP2).blend(t6, BIT2);
        r5 = t5.blend(t7.rearrange(DOWN2), BIT2);
        r7 = t5.rearrange(UP2).blend(t7, BIT2);
        r0.blend(r1.rearrange(DOWN1), BIT1).intoArray(dst, d);
        r0.rearrange(UP1).blend(r1, BIT1).intoArray(dst, d + NR);
        r2.blend(r3.rearrange(DOWN1), BIT1).intoArray(dst, d + 2 * NR);
        r2.rearrange(UP1).blend(r3, BIT1).intoArray(dst, d + 3 * NR);
        r4.blend(r5.rearrange(DOWN1), BIT1).intoArray(dst, d + 4 * NR);
        r4.rearrange(UP1).blend(r5, BIT1).intoArray(dst, d + 5 * NR);
        r6.blend(r7.rearrange(DOWN1), BIT1).intoArray(dst, d + 6 * NR);
        r6.rearrange(UP1).blend(r7, BIT1).intoArray(dst, d + 7 * NR);
    }

    /** Packs op(A)[ic:ic+mc, pc:pc+kc] as panels of MR rows: element (i, p) of panel q at {@code q*kc*MR + p*MR + i}. */
    private static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int pc, int mc, int kc, double[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int base = i0 * kc;
            if (transA && mr == MR) {
                // each k step's MR elements are adjacent in a transposed A: one MR-lane vector copy
                for (int p = 0; p < kc; p++) {
                    DoubleVector.fromArray(PANEL_ROW, a, aOff + (pc + p) * lda + ic + i0).intoArray(dst, base + p * MR);
                }
            } else if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + i0;
                    for (int i = 0; i < mr; i++) {
                        dst[base + p * MR + i] = a[src + i];
                    }
                }
            } else {
                for (int i = 0; i < mr; i++) {
                    int src = aOff + (ic + i0 + i) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + i] = a[src + p];
                    }
                }
            }
            if (mr < MR) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(dst, base + p * MR + mr, base + (p + 1) * MR, 0.0);
                }
            }
        }
    }

    /** Runs the packed-A micro-kernels over every MR × NR tile of an mc × nc block of C. */
    private static void packedBlock(int mc, int nc, int kc, double[] pa, double[] pb, double[] tile, double[] c, int cOff,
            int ldc, boolean add) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < mc; i0 += MR) {
                if (nr > L) {
                    packed2(kc, pa, i0 * kc, pb, j0 * kc, tile);
                } else {
                    packed1(kc, pa, i0 * kc, pb, j0 * kc, tile);
                }
                storeTile(tile, c, cOff + i0 * ldc + j0, ldc, Math.min(MR, mc - i0), nr, add);
            }
        }
    }

    /**
     * Runs the micro-kernels over an mc × nc block of C, reading the whole groups of MR rows of A in
     * place (row r of the block at {@code aBlock + r*lda}); a last group of fewer than MR rows is
     * packed and zero-padded first, so no row past the block is read.
     */
    private static void inPlaceBlock(int mc, int nc, int kc, double[] a, int aBlock, int lda, Buffers buf, double[] c,
            int cOff, int ldc, boolean add) {
        int whole = mc / MR * MR;
        if (whole < mc) {
            packA(false, a, aBlock, lda, whole, 0, mc - whole, kc, buf.a);
        }
        double[] pb = buf.b;
        double[] tile = buf.tile;
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < whole; i0 += MR) {
                if (nr > L) {
                    rows2(kc, a, aBlock + i0 * lda, lda, pb, j0 * kc, tile);
                } else {
                    rows1(kc, a, aBlock + i0 * lda, lda, pb, j0 * kc, tile);
                }
                storeTile(tile, c, cOff + i0 * ldc + j0, ldc, MR, nr, add);
            }
            if (whole < mc) {
                if (nr > L) {
                    packed2(kc, buf.a, 0, pb, j0 * kc, tile);
                } else {
                    packed1(kc, buf.a, 0, pb, j0 * kc, tile);
                }
                storeTile(tile, c, cOff + whole * ldc + j0, ldc, mc - whole, nr, add);
            }
        }
    }

    /**
     * The MR × 2L micro-kernel on a packed A panel: 8 accumulators, written to {@code tile} (row r at
     * {@code r*NR}). Indices are affine in p with constant scales so C2 hoists the range checks.
     *
     * <p>Its size is deliberate on both sides. With the stores to C inlined as well, C2 hit its
     * node-count inlining cutoff, boxed the accumulators and ran four times slower, hence the tile (8
     * stores and loads per KC steps). And its bytecode (with the tile stores spelled out here) stays
     * above C2's {@code FreqInlineSize} (325 bytes), so it is compiled on its own instead of being
     * inlined into the block loop: inlined, its code depended on which shapes the JVM met first
     * (784×256×64 ran at 57 instead of 77 GFLOP/s after a 10-column head had been compiled first).
     */
    private static void packed2(int kc, double[] pa, int aBase, double[] pb, int bBase, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bBase + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bBase + p * NR + L);
            DoubleVector a0 = DoubleVector.broadcast(S, pa[aBase + p * MR]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, pa[aBase + p * MR + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, pa[aBase + p * MR + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, pa[aBase + p * MR + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * The MR × 2L micro-kernel reading MR rows of A in place, row r at {@code aRow + r*lda}: the same
     * arithmetic as {@link #packed2}; each row is indexed with unit scale in p from an offset fixed
     * before the loop, so the range checks are hoisted here too. Kept above C2's inlining size limit
     * like {@link #packed2}.
     */
    private static void rows2(int kc, double[] a, int aRow, int lda, double[] pb, int bBase, double[] tile) {
        int r1 = aRow + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bBase + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bBase + p * NR + L);
            DoubleVector a0 = DoubleVector.broadcast(S, a[aRow + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * {@link #packed2} reading B in place: row p of the panel at {@code bPanel + p*ldb}. The same
     * arithmetic in the same order; kept above C2's inlining size limit like {@link #packed2}.
     */
    private static void streamed2(int kc, double[] pa, int aBase, double[] b, int bPanel, int ldb, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bPanel + p * ldb);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bPanel + p * ldb + L);
            DoubleVector a0 = DoubleVector.broadcast(S, pa[aBase + p * MR]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, pa[aBase + p * MR + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, pa[aBase + p * MR + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, pa[aBase + p * MR + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * {@link #streamed2} for the first MR rows that also stores each k step's two vectors of B to
     * {@code pb} as a packed panel (row p at {@code p*NR}), so the remaining rows of A run
     * {@link #packed2} on a panel in L1 instead of reading B's strided rows again.
     */
    private static void streamed2Packing(int kc, double[] pa, double[] b, int bPanel, int ldb, double[] pb, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bPanel + p * ldb);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bPanel + p * ldb + L);
            b0.intoArray(pb, p * NR);
            b1.intoArray(pb, p * NR + L);
            DoubleVector a0 = DoubleVector.broadcast(S, pa[p * MR]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, pa[p * MR + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, pa[p * MR + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, pa[p * MR + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /** The MR × L edge micro-kernel on a packed A panel, for a last panel at most one vector wide. */
    private static void packed1(int kc, double[] pa, int aBase, double[] pb, int bBase, double[] tile) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c0 = z, c1 = z, c2 = z, c3 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bBase + p * NR);
            c0 = DoubleVector.broadcast(S, pa[aBase + p * MR]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, pa[aBase + p * MR + 1]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, pa[aBase + p * MR + 2]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, pa[aBase + p * MR + 3]).fma(b0, c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
    }

    /** {@link #packed1} reading MR rows of A in place, as {@link #rows2} does. */
    private static void rows1(int kc, double[] a, int aRow, int lda, double[] pb, int bBase, double[] tile) {
        int r1 = aRow + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c0 = z, c1 = z, c2 = z, c3 = z;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bBase + p * NR);
            c0 = DoubleVector.broadcast(S, a[aRow + p]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, a[r1 + p]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, a[r2 + p]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, a[r3 + p]).fma(b0, c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
    }

    /**
     * Writes the mr × nr corner of {@code tile} to C, or adds it to C when {@code add}: a full tile in
     * straight-line vector code (small k makes this per-tile cost count); otherwise whole vectors go
     * through the Vector API, the rest of a row through a scalar tail: masked loads and stores measured
     * several times slower than this on AVX2, and the scalar sums are the same IEEE additions.
     */
    private static void storeTile(double[] tile, double[] c, int cBase, int ldc, int mr, int nr, boolean add) {
        if (mr == MR && nr == NR) {
            for (int r = 0; r < MR; r++) {
                int row = cBase + r * ldc;
                DoubleVector v0 = DoubleVector.fromArray(S, tile, r * NR);
                DoubleVector v1 = DoubleVector.fromArray(S, tile, r * NR + L);
                if (add) {
                    v0 = v0.add(DoubleVector.fromArray(S, c, row));
                    v1 = v1.add(DoubleVector.fromArray(S, c, row + L));
                }
                v0.intoArray(c, row);
                v1.intoArray(c, row + L);
            }
            return;
        }
        int whole = nr / L * L;
        for (int r = 0; r < mr; r++) {
            int row = cBase + r * ldc;
            for (int j = 0; j < whole; j += L) {
                DoubleVector v = DoubleVector.fromArray(S, tile, r * NR + j);
                (add ? v.add(DoubleVector.fromArray(S, c, row + j)) : v).intoArray(c, row + j);
            }
            // scalar tail
            for (int j = whole; j < nr; j++) {
                c[row + j] = add ? c[row + j] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }
}

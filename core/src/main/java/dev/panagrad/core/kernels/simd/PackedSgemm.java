package dev.panagrad.core.kernels.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 GEMM in the GotoBLAS structure, on one thread: B is packed into k-major panels {@link #NR}
 * columns wide, A into k-major panels {@link #MR} rows high, both zero-padded, inside KC × NC and
 * MC × KC cache blocks; an MR × NR register-blocked micro-kernel (8 vector accumulators) then reads
 * both panels with unit stride. Transposed operands are handled by the packing routines alone.
 *
 * <p>Every element of C is computed the same way wherever its tile falls (full, edge, narrow
 * one-vector edge): a fused multiply-add chain over each KC block in order of k, added to C. A
 * caller may therefore split C into column or row blocks across threads and get bitwise the result
 * of one thread. Packing buffers are per thread and reused.
 */
final class PackedSgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Micro-tile width: two vectors. */
    static final int NR = 2 * L;
    /**
     * Micro-tile height. The micro-kernels below spell out exactly this many rows: 4 × 2 vectors = 8
     * accumulators. Measured on this JDK with AVX2 (16 registers): 8 accumulators run the kernel at
     * 80–90 GFLOP/s on one core, while 12 (6 × 2 or 4 × 3 vectors) or 16 (8 × 2) fall to 40–50, the
     * signature of accumulators spilled to the stack.
     */
    static final int MR = 4;
    private static final int KC = 512;
    private static final int MC = 96;
    private static final int NC = 2048;

    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] tile = new float[MR * NR];
        float[] b = new float[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private PackedSgemm() {}

    /** {@code C = op(A)·op(B)} (or {@code +=}) without packing, for problems too small to amortise it. */
    static void unpacked(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        int bp = transB ? 1 : ldb;
        int bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * ai + p * ap], b[bOff + p * bp + j * bj], acc);
                }
                int o = cOff + i * ldc + j;
                c[o] = accumulate ? c[o] + acc : acc;
            }
        }
    }

    /** {@code C = op(A)·op(B)} (or {@code +=}) on the calling thread; requires k ≥ 1. */
    static void packed(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int bSize = Math.min(k, KC) * roundUp(Math.min(n, NC), NR);
        if (buf.b.length < bSize) {
            buf.b = new float[bSize];
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kc, nc, buf.b);
                boolean add = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, pc, mc, kc, buf.a);
                    macroKernel(mc, nc, kc, buf.a, buf.b, buf.tile, c, cOff + ic * ldc + jc, ldc, add);
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] as panels of NR columns: element (p, j) of panel q at {@code q*kc*NR + p*NR + j}. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, float[] dst) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int base = j0 * kc;
            if (transB) {
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + j0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * NR + j] = b[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + j0, dst, base + p * NR, nr);
                }
            }
            if (nr < NR) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(dst, base + p * NR + nr, base + (p + 1) * NR, 0f);
                }
            }
        }
    }

    /** Packs op(A)[ic:ic+mc, pc:pc+kc] as panels of MR rows: element (i, p) of panel q at {@code q*kc*MR + p*MR + i}. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mc, int kc, float[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int base = i0 * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, aOff + (pc + p) * lda + ic + i0, dst, base + p * MR, mr);
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
                    Arrays.fill(dst, base + p * MR + mr, base + (p + 1) * MR, 0f);
                }
            }
        }
    }

    /** Runs the micro-kernel over every MR × NR tile of an mc × nc block of C. */
    private static void macroKernel(int mc, int nc, int kc, float[] pa, float[] pb, float[] tile, float[] c, int cOff,
            int ldc, boolean add) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int mr = Math.min(MR, mc - i0);
                int cBase = cOff + i0 * ldc + j0;
                if (nr > L) {
                    kernel2(kc, pa, i0 * kc, pb, j0 * kc, tile);
                } else {
                    kernel1(kc, pa, i0 * kc, pb, j0 * kc, tile);
                }
                storeTile(tile, c, cBase, ldc, mr, nr, add);
            }
        }
    }

    /** One fused multiply-add, {@code a·b + c} rounded once: the only arithmetic of the micro-kernels. */
    private static FloatVector fma(FloatVector a, FloatVector b, FloatVector c) {
        return a.fma(b, c);
    }

    /**
     * The MR × 2L micro-kernel: 8 accumulators, written to {@code tile} (row r at {@code r*NR}). Indices
     * are affine in p so C2 hoists the range checks. The method stays small on purpose: with the
     * stores to C inlined as well, C2 hit its node-count inlining cutoff, boxed the accumulators and ran
     * four times slower; the tile costs 8 stores and loads per KC steps.
     */
    private static void kernel2(int kc, float[] pa, int aBase, float[] pb, int bBase, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bBase + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, pb, bBase + p * NR + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[aBase + p * MR]);
            c00 = fma(a0, b0, c00);
            c01 = fma(a0, b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[aBase + p * MR + 1]);
            c10 = fma(a1, b0, c10);
            c11 = fma(a1, b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[aBase + p * MR + 2]);
            c20 = fma(a2, b0, c20);
            c21 = fma(a2, b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[aBase + p * MR + 3]);
            c30 = fma(a3, b0, c30);
            c31 = fma(a3, b1, c31);
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

    /** The MR × L edge micro-kernel for a last panel at most one vector wide (e.g. a 10-class head). */
    private static void kernel1(int kc, float[] pa, int aBase, float[] pb, int bBase, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bBase + p * NR);
            c0 = fma(FloatVector.broadcast(S, pa[aBase + p * MR]), b0, c0);
            c1 = fma(FloatVector.broadcast(S, pa[aBase + p * MR + 1]), b0, c1);
            c2 = fma(FloatVector.broadcast(S, pa[aBase + p * MR + 2]), b0, c2);
            c3 = fma(FloatVector.broadcast(S, pa[aBase + p * MR + 3]), b0, c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
    }

    /**
     * Writes the mr × nr corner of {@code tile} to C, or adds it to C when {@code add}. Whole vectors go
     * through the Vector API, the rest of a row through a scalar tail: masked loads and stores measured
     * several times slower than this on AVX2, and the scalar sums are the same IEEE additions.
     */
    private static void storeTile(float[] tile, float[] c, int cBase, int ldc, int mr, int nr, boolean add) {
        int whole = nr / L * L;
        for (int r = 0; r < mr; r++) {
            int row = cBase + r * ldc;
            for (int j = 0; j < whole; j += L) {
                FloatVector v = FloatVector.fromArray(S, tile, r * NR + j);
                (add ? v.add(FloatVector.fromArray(S, c, row + j)) : v).intoArray(c, row + j);
            }
            // scalar tail
            for (int j = whole; j < nr; j++) {
                c[row + j] = add ? c[row + j] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }
}

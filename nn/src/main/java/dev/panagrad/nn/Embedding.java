package dev.panagrad.nn;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as
 * {@code torch.nn.Embedding}: INT32 indices of any shape [*] → their rows, [*, embeddingDim].
 * {@code weight} [numEmbeddings, embeddingDim] starts from N(0, 1).
 *
 * <p>With a {@code paddingIdx}, that row starts as zeros and never receives gradient (so training
 * leaves it unchanged), while a lookup still returns whatever it holds, as in PyTorch. This is done by
 * composition: the looked-up rows equal to the padding index are cut from the tape, so no backward rule
 * is involved. {@code max_norm}, {@code scale_grad_by_freq} and {@code sparse} are not supported.
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;

    /** A table initialised from N(0, 1), without a padding index. */
    public Embedding(int numEmbeddings, int embeddingDim, Rng rng) {
        this(numEmbeddings, embeddingDim, null, rng, null);
    }

    /**
     * A table initialised from N(0, 1) whose row {@code paddingIdx} is zeros and receives no gradient;
     * a negative index counts from the end ({@code -1} is the last row).
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, Rng rng) {
        this(numEmbeddings, embeddingDim, paddingIdx, rng, null);
    }

    private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Rng rng, Tensor pretrained) {
        if (numEmbeddings <= 0 || embeddingDim < 0) {
            throw new IllegalArgumentException("Embedding: need num_embeddings > 0 and embedding_dim >= 0, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : normalizePaddingIdx(paddingIdx, numEmbeddings);
        Tensor w = param("weight", Tensor.zeros(pretrained == null ? DType.FLOAT32 : pretrained.dtype(),
                numEmbeddings, embeddingDim));
        try (NoGrad ignored = NoGrad.enter()) {
            if (pretrained != null) {
                w.assign(pretrained.detach());
            } else {
                Init.normal(w, 0, 1, rng);
                if (this.paddingIdx != null) {
                    Tensor keep = Tensor.arange(numEmbeddings).ne(this.paddingIdx).reshape(numEmbeddings, 1);
                    w.assign(Tensor.where(keep, w, 0));
                }
            }
        }
    }

    /**
     * A table holding a copy of {@code embeddings} [num_embeddings, embedding_dim] (PyTorch shares the
     * storage; this copies it), as {@code Embedding.from_pretrained}; {@code freeze} turns off its gradient.
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) {
        return fromPretrained(embeddings, freeze, null);
    }

    /**
     * As {@link #fromPretrained(Tensor, boolean)}, with a padding row that receives no gradient (its values
     * are kept, not zeroed).
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, int paddingIdx) {
        return fromPretrained(embeddings, freeze, Integer.valueOf(paddingIdx));
    }

    private static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
        if (embeddings.dim() != 2 || !embeddings.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Embedding.fromPretrained: embeddings must be a floating-point "
                    + "[num_embeddings, embedding_dim] tensor, got " + embeddings.dtype() + " "
                    + Arrays.toString(embeddings.shape()));
        }
        Embedding e = new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx, null, embeddings);
        e.weight().requiresGrad(!freeze);
        return e;
    }

    private static int normalizePaddingIdx(int paddingIdx, int numEmbeddings) {
        if (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("Embedding: padding_idx must be within num_embeddings: got " + paddingIdx
                    + " for " + numEmbeddings + " embeddings");
        }
        return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    }

    /** The table [num_embeddings, embedding_dim]. */
    public Tensor weight() {
        return param("weight");
    }

    /** The padding row's index in [0, num_embeddings) (negative indices already resolved), or null. */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    /** INT32 indices [*] → rows [*, embedding_dim]. */
    @Override
    public Tensor forward(Tensor indices) {
        return lookup("Embedding(" + extraRepr() + ")", indices, weight(), paddingIdx);
    }

    /**
     * The functional form, as {@code F.embedding}: the rows of {@code weight} [n, d] at INT32
     * {@code indices} [*], giving [*, d].
     */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return lookup("embedding", indices, checkWeight(weight), null);
    }

    /** As {@link #embedding(Tensor, Tensor)}, where row {@code paddingIdx} (negative: from the end) gets no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        checkWeight(weight);
        return lookup("embedding", indices, weight, normalizePaddingIdx(paddingIdx, weight.size(0)));
    }

    private static Tensor checkWeight(Tensor weight) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: weight must be [num_embeddings, embedding_dim], got "
                    + Arrays.toString(weight.shape()));
        }
        return weight;
    }

    private static Tensor lookup(String caller, Tensor indices, Tensor weight, Integer paddingIdx) {
        int[] shape = indices.shape();
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException(caller + ": expected INT32 indices, got " + indices.dtype() + " "
                    + Arrays.toString(shape));
        }
        int n = weight.size(0);
        int[] flat = indices.toIntArray();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= n) {
                throw new IllegalArgumentException(caller + ": index " + flat[i] + " is out of range [0, " + n
                        + ") at position " + Arrays.toString(unravel(i, shape)) + " of indices "
                        + Arrays.toString(shape));
            }
        }
        Tensor rows = weight.indexSelect(0, indices.reshape(flat.length)); // [M, d]
        if (paddingIdx != null) {
            // Same values; rows looked up at the padding index are cut from the tape, so it gets no gradient.
            Tensor keep = indices.reshape(flat.length, 1).ne(paddingIdx);
            rows = Tensor.where(keep, rows, rows.detach());
        }
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = weight.size(1);
        return rows.reshape(out);
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
    }
}

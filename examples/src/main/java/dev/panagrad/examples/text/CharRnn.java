package dev.panagrad.examples.text;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Embedding;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.rnn.GRU;

/**
 * A character-level language model: each character id is embedded, a GRU reads the sequence, and a
 * linear head gives the logits of the next character. As PyTorch:
 * {@snippet lang=python :
 * class CharRnn(nn.Module):
 *     def __init__(self, vocab, emb, hidden, layers):
 *         super().__init__()
 *         self.embedding = nn.Embedding(vocab, emb)
 *         self.gru = nn.GRU(emb, hidden, layers, batch_first=True)
 *         self.head = nn.Linear(hidden, vocab)
 *     def forward(self, ids, h0=None):
 *         out, hn = self.gru(self.embedding(ids), h0)
 *         return self.head(out), hn
 * }
 */
public final class CharRnn extends Module {
    /**
     * What the model computes for a batch.
     *
     * @param logits the next-character logits {@code [N, T, V]}
     * @param hidden the GRU's state after the last step {@code [layers, N, H]}, to continue from
     */
    public record Output(Tensor logits, Tensor hidden) {}

    private final Embedding embedding;
    private final GRU gru;
    private final Linear head;

    /** The model {@code config} describes, initialized from {@code rng}. */
    public CharRnn(CharRnnConfig config, Rng rng) {
        int vocabulary = config.vocabulary().size();
        embedding = child("embedding", new Embedding(vocabulary, config.embeddingDim(), rng));
        gru = child("gru", new GRU(config.embeddingDim(), config.hiddenSize(),
                GRU.options().numLayers(config.numLayers()).batchFirst(true), rng));
        head = child("head", new Linear(config.hiddenSize(), vocabulary, rng));
    }

    /** The next-character logits {@code [N, T, V]} for the INT32 ids {@code [N, T]}, from a zero state. */
    @Override
    public Tensor forward(Tensor ids) {
        return forward(ids, null).logits();
    }

    /** The logits for {@code ids} {@code [N, T]} and the final state, starting from {@code hidden} (zeros when null). */
    public Output forward(Tensor ids, Tensor hidden) {
        GRU.Result gruOut = gru.forward(embedding.forward(ids), hidden); // [N, T, E] → [N, T, H]
        return new Output(head.forward(gruOut.output()), gruOut.hN());
    }
}

package dev.panagrad.examples.text;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.ExampleException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Invents sequences with a trained {@link CharRnn}: starting from the marker, it draws each next
 * character from the model's distribution sharpened or flattened by a temperature, feeding it back
 * in, until the model emits the end marker or the sequence reaches the longest training length. The
 * marker is not drawn first: no line of a training text is empty.
 */
public final class WordSampler {
    private final CharRnn model;
    private final CharRnnConfig config;

    /** A sampler of {@code model}, which {@code config} describes. */
    public WordSampler(CharRnn model, CharRnnConfig config) {
        this.model = model;
        this.config = config;
    }

    /**
     * The sampler of the model in {@code checkpoint}, weights loaded.
     *
     * @throws ExampleException if the checkpoint is not a char-rnn checkpoint or does not fit the model
     */
    public static WordSampler restore(Checkpoint checkpoint) {
        if (!checkpoint.model().equals("char-rnn")) {
            throw new ExampleException("checkpoint holds a " + checkpoint.model() + " model; sample needs one written by "
                    + "'panagrad train char-rnn'");
        }
        CharRnnConfig config = CharRnnConfig.of(checkpoint);
        CharRnn model;
        try {
            model = new CharRnn(config, new Rng(0)); // initial values are overwritten by the checkpoint
        } catch (IllegalArgumentException e) {
            throw new ExampleException("checkpoint metadata describes no valid char-rnn: " + e.getMessage(), e);
        }
        checkpoint.loadInto(model);
        return new WordSampler(model, config);
    }

    /** The vocabulary the model reads and writes. */
    public Vocabulary vocabulary() {
        return config.vocabulary();
    }

    /**
     * {@code n} sequences drawn with {@code rng} at {@code temperature}: 1 samples the model's own
     * distribution, lower values favour likely characters, and 0 always takes the most likely one.
     */
    public List<String> sample(int n, double temperature, Rng rng) {
        if (n < 1 || !(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("sample needs n >= 1 and a temperature >= 0, got n = " + n + ", temperature = "
                    + temperature);
        }
        model.eval();
        int[][] ids = new int[n][config.maxLength()];
        int[] lengths = new int[n];
        boolean[] done = new boolean[n];
        int[] next = new int[n]; // MARKER: every sequence starts from it
        Tensor hidden = null;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int t = 0; t < config.maxLength(); t++) {
                CharRnn.Output out = model.forward(Tensor.of(next, n, 1), hidden); // all n sequences advance one step
                hidden = out.hidden();
                float[] logits = out.logits().toFloatArray(); // [n, 1, V]
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        int first = t == 0 ? Vocabulary.MARKER + 1 : Vocabulary.MARKER; // never an empty sequence
                        next[i] = draw(logits, i * vocabulary().size(), first, vocabulary().size(), temperature, rng);
                        done[i] = next[i] == Vocabulary.MARKER;
                        if (!done[i]) {
                            ids[i][lengths[i]++] = next[i];
                        }
                    }
                }
                if (allDone(done)) {
                    break;
                }
            }
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(vocabulary().decode(Arrays.copyOf(ids[i], lengths[i])));
        }
        return words;
    }

    /**
     * An id in [from, to) drawn from the softmax of {@code logits[offset + id] / temperature} over those
     * ids, or the one with the largest logit when the temperature is 0. Computed in double relative to
     * the largest logit, so any temperature gives finite weights.
     */
    static int draw(float[] logits, int offset, int from, int to, double temperature, Rng rng) {
        int argmax = from;
        for (int id = from; id < to; id++) {
            if (logits[offset + id] > logits[offset + argmax]) {
                argmax = id;
            }
        }
        if (temperature == 0) {
            return argmax;
        }
        double[] weights = new double[to];
        double total = 0;
        for (int id = from; id < to; id++) {
            weights[id] = Math.exp((logits[offset + id] - logits[offset + argmax]) / temperature); // e^((l − max)/T) in [0, 1]
            total += weights[id];
        }
        double u = rng.nextDouble() * total;
        for (int id = from; id < to; id++) {
            u -= weights[id];
            if (u < 0) {
                return id;
            }
        }
        return argmax; // u fell past the end by rounding
    }

    private static boolean allDone(boolean[] done) {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }
}

package dev.panagrad.examples.text;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sequences of different lengths in one padded batch. Row n holds sequence n as the model reads it
 * and as it must predict it: {@code inputs = [MARKER, c1, ..., cm]} and {@code targets = [c1, ...,
 * cm, MARKER]}, padded to the longest row with {@code MARKER} inputs and {@link #PADDING} targets,
 * which the loss ignores. The GRU reads left to right, so padding after a sequence cannot change the
 * outputs that are scored.
 *
 * @param inputs INT32 ids {@code [N, T]}
 * @param targets INT32 next ids {@code [N, T]}, {@link #PADDING} past each sequence's end
 * @param size the number of sequences N
 * @param characters the number of scored targets (the characters plus one end marker per sequence)
 */
public record CharBatch(Tensor inputs, Tensor targets, int size, int characters) {
    /** The target value of padding: the loss's {@code ignoreIndex}. */
    public static final int PADDING = -100;

    /** The batch of {@code sequences}, each encoded as {@code [MARKER, c1, ..., cm, MARKER]}. */
    public static CharBatch of(List<int[]> sequences) {
        int steps = sequences.stream().mapToInt(s -> s.length - 1).max().orElseThrow();
        int[] inputs = new int[sequences.size() * steps]; // MARKER (0) by default
        int[] targets = new int[sequences.size() * steps];
        Arrays.fill(targets, PADDING);
        int characters = 0;
        for (int n = 0; n < sequences.size(); n++) {
            int[] s = sequences.get(n);
            System.arraycopy(s, 0, inputs, n * steps, s.length - 1);
            System.arraycopy(s, 1, targets, n * steps, s.length - 1);
            characters += s.length - 1;
        }
        return new CharBatch(Tensor.of(inputs, sequences.size(), steps), Tensor.of(targets, sequences.size(), steps),
                sequences.size(), characters);
    }

    /**
     * {@code sequences} in batches of {@code batchSize} for one training epoch: shuffled by {@code rng},
     * then bucketed by length (each run of 20 batches is sorted by length before it is cut, and the
     * batches are shuffled again) so that little of a batch is padding.
     */
    public static List<CharBatch> shuffled(List<int[]> sequences, int batchSize, Rng rng) {
        List<int[]> order = new ArrayList<>(sequences);
        Shuffle.inPlace(order, rng);
        int bucket = 20 * batchSize;
        for (int start = 0; start < order.size(); start += bucket) {
            order.subList(start, Math.min(start + bucket, order.size())).sort(Comparator.comparingInt(s -> s.length));
        }
        List<CharBatch> batches = inOrder(order, batchSize);
        Shuffle.inPlace(batches, rng);
        return batches;
    }

    /** {@code sequences} in batches of {@code batchSize}, sorted by length (for evaluation: the least padding). */
    public static List<CharBatch> byLength(List<int[]> sequences, int batchSize) {
        List<int[]> order = new ArrayList<>(sequences);
        order.sort(Comparator.comparingInt(s -> s.length));
        return inOrder(order, batchSize);
    }

    private static List<CharBatch> inOrder(List<int[]> sequences, int batchSize) {
        List<CharBatch> batches = new ArrayList<>();
        for (int start = 0; start < sequences.size(); start += batchSize) {
            batches.add(of(sequences.subList(start, Math.min(start + batchSize, sequences.size()))));
        }
        return batches;
    }
}

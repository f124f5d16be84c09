package dev.panagrad.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The count-based baseline: add-k probabilities, loss per character, and the choice of k. */
class BigramModelTest {
    private static final Vocabulary AB = Vocabulary.of(List.of("ab")); // marker 0, a 1, b 2

    private static List<int[]> encode(String... words) {
        return List.of(words).stream().map(AB::encode).toList();
    }

    @Test
    void lossPerCharacterIsTheHandComputedAddOneValue() {
        // Training "ab", "b": transitions ^a, ab, b$, ^b, b$. Counts: ^ → {a: 1, b: 1}, a → {b: 1}, b → {$: 2}.
        BigramModel bigram = BigramModel.fit(encode("ab", "b"), AB.size(), 1);
        assertEquals(2.0 / 5, bigram.probability(0, 1), 1e-12); // (1 + 1) / (2 + 3)
        assertEquals(3.0 / 5, bigram.probability(2, 0), 1e-12); // (2 + 1) / (2 + 3)
        // "ba" is ^b, ba, a$: (1 + 1)/(2 + 3), (0 + 1)/(2 + 3), (0 + 1)/(1 + 3); the mean of −ln is ln(50)/3.
        assertEquals(Math.log(50) / 3, bigram.lossPerCharacter(encode("ba")), 1e-12);
    }

    @Test
    void kIsSmallestWhenEveryTransitionRepeats() {
        List<int[]> same = Collections.nCopies(100, AB.encode("ab"));
        assertEquals(BigramModel.K_GRID[0], BigramModel.chooseK(same, AB.size()));
    }

    @Test
    void kIsLargestWhenEveryTransitionIsSeenOnce() {
        // ^a ab b$ ^b ba a$: left out, each one is unseen, so more smoothing always helps.
        assertEquals(BigramModel.K_GRID[BigramModel.K_GRID.length - 1], BigramModel.chooseK(encode("ab", "ba"), AB.size()));
    }
}

package dev.panagrad.examples.text;

import dev.panagrad.core.Rng;
import java.util.List;

/** Seeded shuffling, so the split and the batch order follow from {@code --seed}. */
final class Shuffle {
    private Shuffle() {}

    /** Shuffles {@code list} in place (Fisher–Yates) with draws from {@code rng}. */
    static <T> void inPlace(List<T> list, Rng rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }
}

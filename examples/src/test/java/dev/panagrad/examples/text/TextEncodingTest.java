package dev.panagrad.examples.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.ExampleException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** From bytes to ids and back: line handling, UTF-8, the vocabulary and the split. */
class TextEncodingTest {
    private static TextCorpus parse(String text) {
        return TextCorpus.parse(Optional.empty(), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nonAsciiTextRoundTripsThroughTheVocabularyAndItsStoredForm() {
        List<String> lines = List.of("naïve", "日本語", "😀ok", "Ωmega");
        Vocabulary vocabulary = Vocabulary.of(lines);
        Vocabulary stored = Vocabulary.parse(vocabulary.characters());
        assertEquals(1 + 14, vocabulary.size()); // the marker and n a ï v e 日 本 語 😀 o k Ω m g
        for (String line : lines) {
            int[] ids = vocabulary.encode(line);
            assertEquals(Vocabulary.MARKER, ids[0]);
            assertEquals(Vocabulary.MARKER, ids[ids.length - 1]);
            assertEquals(line.codePointCount(0, line.length()) + 2, ids.length); // 😀 is one character
            assertEquals(line, vocabulary.decode(ids));
            assertArrayEquals(ids, stored.encode(line));
        }
    }

    @Test
    void anUnknownCharacterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("ab")).encode("abc"));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }

    @Test
    void linesAreTrimmedBlankLinesSkippedAndEveryLineEndAccepted() {
        TextCorpus corpus = parse("\uFEFFone\r\ntwo  \r\n\r\n   \nthree\rfour\n");
        assertEquals(List.of("one", "two", "three", "four"), corpus.sequences());
    }

    @Test
    void aHugeLineIsCutIntoPiecesWithoutSplittingACharacter() {
        String line = "😀".repeat(TextCorpus.MAX_SEQUENCE + 10);
        TextCorpus corpus = parse("short\n" + line + "\n");
        assertEquals(1, corpus.longLines());
        assertEquals(List.of("short", "😀".repeat(TextCorpus.MAX_SEQUENCE), "😀".repeat(10)), corpus.sequences());
    }

    @Test
    void invalidUtf8NamesItsLine() {
        byte[] bytes = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, '\n'};
        ExampleException e = assertThrows(ExampleException.class, () -> TextCorpus.parse(Optional.empty(), bytes));
        assertTrue(e.getMessage().contains("not UTF-8") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void theSplitIsByLineSeededAndHoldsOutATenth() {
        TextCorpus corpus = TextCorpus.load(Optional.empty());
        TextSplit split = corpus.split(0.1, new Rng(42));
        assertEquals(63_737, split.train().size() + split.validation().size());
        assertEquals(6_374, split.validation().size());
        HashSet<String> train = new HashSet<>(split.train());
        assertTrue(split.validation().stream().noneMatch(train::contains));
        assertEquals(split, corpus.split(0.1, new Rng(42)));
    }
}

package dev.panagrad.examples.text;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.ExampleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The sequences a character-level language model learns: the lines of a UTF-8 text, each one
 * sequence. Line ends may be {@code \n}, {@code \r\n} or {@code \r}; a leading byte-order mark and
 * each line's surrounding whitespace are dropped, blank lines are skipped, and a line longer than
 * {@value #MAX_SEQUENCE} characters (code points) is cut into pieces of at most that length.
 *
 * @param file the text file, or empty for the shipped English word list
 * @param sha256 the SHA-256 of the file's bytes, so a checkpoint can tell whether its text has changed
 * @param sequences the non-blank lines (or pieces of long lines), in file order
 * @param longLines how many lines were cut into pieces
 */
public record TextCorpus(Optional<Path> file, String sha256, List<String> sequences, int longLines) {
    /** The longest sequence learned, in characters: longer lines are cut into pieces of this length. */
    public static final int MAX_SEQUENCE = 256;
    /** The largest text read: the corpus is held in memory several times over while training. */
    public static final long MAX_BYTES = 64L << 20;

    private static final String SHIPPED = "words/words.txt";

    /** Copies the sequences. */
    public TextCorpus {
        sequences = List.copyOf(sequences);
    }

    /**
     * The text of {@code file}, or the shipped word list when it is empty: 63,737 lowercase English
     * words from SCOWL (see {@code words/README.md} and {@code words/COPYRIGHT-SCOWL.txt} beside this class).
     *
     * @throws ExampleException with a one-line reason if the file is missing, unreadable, too large,
     *     not UTF-8, or holds no text
     */
    public static TextCorpus load(Optional<Path> file) {
        if (file.isEmpty()) {
            return parse(Optional.empty(), shippedBytes());
        }
        Path path = file.get();
        try {
            if (Files.isDirectory(path)) {
                throw new ExampleException("--text " + path + " is a directory, not a text file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new ExampleException(String.format("--text %s is too large (%,d bytes; char-rnn reads at most %,d)", path,
                        Files.size(path), MAX_BYTES));
            }
            return parse(file, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new ExampleException("--text " + path + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ExampleException("cannot read --text " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new ExampleException("cannot read --text " + path + ": " + e.getMessage(), e);
        }
    }

    /** The corpus of {@code bytes}, read from {@code file} (empty: the shipped list). */
    static TextCorpus parse(Optional<Path> file, byte[] bytes) {
        String text = decode(file, bytes);
        List<String> sequences = new ArrayList<>();
        int longLines = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String item = line.strip();
            if (item.codePointCount(0, item.length()) > MAX_SEQUENCE) {
                longLines++;
            }
            int start = 0;
            while (start < item.length()) {
                int end = item.offsetByCodePoints(start, Math.min(MAX_SEQUENCE, item.codePointCount(start, item.length())));
                sequences.add(item.substring(start, end));
                start = end;
            }
        }
        if (sequences.isEmpty()) {
            throw new ExampleException("--text " + name(file) + " holds no text (it is empty or every line is blank)");
        }
        return new TextCorpus(file, sha256(bytes), sequences, longLines);
    }

    /** Where the text came from, for messages: the file, or {@code the shipped word list}. */
    public String name() {
        return name(file);
    }

    private static String name(Optional<Path> file) {
        return file.map(Path::toString).orElse("the shipped word list");
    }

    /**
     * The sequences split at random into training and validation sets, {@code validationFraction} of
     * them (at least one) for validation, shuffled by {@code rng}.
     *
     * @throws ExampleException if there are fewer than two sequences
     */
    public TextSplit split(double validationFraction, Rng rng) {
        if (sequences.size() < 2) {
            throw new ExampleException("--text " + name() + " has one line; char-rnn needs at least two (one to train on, one to "
                    + "validate on)");
        }
        List<String> shuffled = new ArrayList<>(sequences);
        Shuffle.inPlace(shuffled, rng);
        int validation = Math.clamp(Math.round(validationFraction * shuffled.size()), 1, shuffled.size() - 1);
        return new TextSplit(shuffled.subList(validation, shuffled.size()), shuffled.subList(0, validation));
    }

    /** UTF-8 {@code bytes} as text, without a leading byte-order mark; malformed bytes name their line. */
    private static String decode(Optional<Path> file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            long line = 1 + new String(bytes, 0, in.position(), StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
            throw new ExampleException("--text " + name(file) + " is not UTF-8 text: invalid bytes on line " + line);
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static byte[] shippedBytes() {
        try (InputStream in = TextCorpus.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new UncheckedIOException(new NoSuchFileException(SHIPPED, null, "resource missing from dev.panagrad.examples"));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped word list does not load", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}

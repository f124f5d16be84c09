package dev.panagrad.examples.text;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.ExampleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which text a checkpoint was trained on and how it was split, stored in its metadata, so that
 * {@code sample} can recompute the training split (rather than store 60,000 words in the checkpoint)
 * and tell invented words from learned ones.
 *
 * @param file the text file, or empty for the shipped word list
 * @param sha256 the SHA-256 of the text's bytes when it was trained on
 * @param seed the seed of the split (the first draws of {@code new Rng(seed)})
 * @param validationFraction the share of sequences held out for validation
 */
public record TrainingText(Optional<Path> file, String sha256, long seed, double validationFraction) {
    /** The text of {@code corpus}, split with {@code new Rng(seed)} holding out {@code validationFraction}. */
    public static TrainingText of(TextCorpus corpus, long seed, double validationFraction) {
        return new TrainingText(corpus.file().map(Path::toAbsolutePath), corpus.sha256(), seed, validationFraction);
    }

    /** The split as {@link TextCorpus#split} made it when the model was trained. */
    public TextSplit split(TextCorpus corpus) {
        return corpus.split(validationFraction, new Rng(seed));
    }

    /** These facts as checkpoint metadata entries. */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("text", file.map(Path::toString).orElse(""));
        metadata.put("text_sha256", sha256);
        metadata.put("split_seed", Long.toString(seed));
        metadata.put("validation_fraction", Double.toString(validationFraction));
        return metadata;
    }

    /** The facts stored by {@link #toMetadata()}, or empty if the metadata lacks them or is malformed. */
    public static Optional<TrainingText> of(Map<String, String> metadata) {
        String text = metadata.get("text");
        String sha256 = metadata.get("text_sha256");
        try {
            return text == null || sha256 == null ? Optional.empty()
                    : Optional.of(new TrainingText(text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text)), sha256,
                            Long.parseLong(metadata.get("split_seed")), Double.parseDouble(metadata.get("validation_fraction"))));
        } catch (RuntimeException e) { // a missing or malformed number, or a path this system cannot name
            return Optional.empty();
        }
    }

    /** The text as it was trained on, or empty if its file is gone, unreadable or has changed since. */
    public Optional<TextCorpus> reload() {
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(TextCorpus.load(file)).filter(corpus -> corpus.sha256().equals(sha256));
        } catch (ExampleException e) {
            return Optional.empty();
        }
    }

    /** Where the text is, for messages. */
    public String name() {
        return file.map(Path::toString).orElse("the shipped word list");
    }
}

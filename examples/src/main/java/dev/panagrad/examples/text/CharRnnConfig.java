package dev.panagrad.examples.text;

import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.ExampleException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What rebuilds a {@link CharRnn} without flags: its vocabulary and sizes, stored in the checkpoint's
 * metadata.
 *
 * @param vocabulary the characters it reads and predicts
 * @param embeddingDim the size of a character's embedding
 * @param hiddenSize the GRU's hidden size
 * @param numLayers the GRU's stacked layers
 * @param maxLength the longest training sequence in characters: sampling stops there
 */
public record CharRnnConfig(Vocabulary vocabulary, int embeddingDim, int hiddenSize, int numLayers, int maxLength) {
    /** This configuration as checkpoint metadata entries. */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vocabulary", vocabulary.characters());
        metadata.put("embedding_dim", Integer.toString(embeddingDim));
        metadata.put("hidden_size", Integer.toString(hiddenSize));
        metadata.put("num_layers", Integer.toString(numLayers));
        metadata.put("max_length", Integer.toString(maxLength));
        return metadata;
    }

    /**
     * The configuration {@code checkpoint} was trained with.
     *
     * @throws ExampleException if an entry is missing or malformed
     */
    public static CharRnnConfig of(Checkpoint checkpoint) {
        String characters = checkpoint.metadata().get("vocabulary");
        if (characters == null || characters.isEmpty()) {
            throw new ExampleException("checkpoint metadata has no 'vocabulary' entry");
        }
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.parse(characters);
        } catch (IllegalArgumentException e) {
            throw new ExampleException("checkpoint metadata 'vocabulary' is malformed: " + e.getMessage(), e);
        }
        return new CharRnnConfig(vocabulary, checkpoint.intValue("embedding_dim"), checkpoint.intValue("hidden_size"),
                checkpoint.intValue("num_layers"), checkpoint.intValue("max_length"));
    }
}

package dev.panagrad.examples.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint carries the model's weights and its configuration; bad files fail with one line. */
class CheckpointTest {
    @Test
    void weightsAndConfigurationRoundTrip(@TempDir Path dir) throws IOException {
        Linear model = new Linear(3, 2, new Rng(1));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hidden", "128");
        config.put("cell", "lstm");
        config.put("layers", "2");
        Path file = dir.resolve(Checkpoint.FILE);
        Checkpoint.save(file, "char-rnn", model, config);

        Checkpoint loaded = Checkpoint.load(file);
        assertEquals("char-rnn", loaded.model());
        assertEquals(Map.of("model", "char-rnn", "hidden", "128", "cell", "lstm", "layers", "2"), loaded.metadata());
        assertEquals(128, loaded.intValue("hidden"));
        assertEquals(Set.of("weight", "bias"), loaded.tensors().keySet());
        Linear copy = new Linear(3, 2, new Rng(2));
        loaded.loadInto(copy);
        assertArrayEquals(model.stateDict().get("weight").toFloatArray(), copy.stateDict().get("weight").toFloatArray());
        assertArrayEquals(model.stateDict().get("bias").toFloatArray(), copy.stateDict().get("bias").toFloatArray());
    }

    @Test
    void aFileWithoutTheModelKeyWasNotWrittenByTrain(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        Safetensors.save(file, Map.of("weight", Tensor.zeros(2, 2)), Map.of("format", "pt"));
        ExampleException e = assertThrows(ExampleException.class, () -> Checkpoint.load(file));
        assertEquals("checkpoint " + file + " was not written by panagrad train (its metadata has no 'model' entry)", e.getMessage());
    }

    @Test
    void missingTruncatedAndMismatchedCheckpointsFailWithOneLineNamingTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nowhere.safetensors");
        assertOneLine(assertThrows(ExampleException.class, () -> Checkpoint.load(missing)), missing.toString(), "does not exist");

        Path file = dir.resolve(Checkpoint.FILE);
        Checkpoint.save(file, "mnist-mlp", new Linear(3, 2, new Rng(1)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {0, 7, 8, 20, bytes.length / 2, bytes.length - 1}) {
            Path truncated = dir.resolve("truncated-" + length + ".safetensors");
            Files.write(truncated, java.util.Arrays.copyOf(bytes, length));
            assertOneLine(assertThrows(ExampleException.class, () -> Checkpoint.load(truncated)), truncated.toString(),
                    "is not a valid safetensors file");
        }

        Checkpoint checkpoint = Checkpoint.load(file);
        assertOneLine(assertThrows(ExampleException.class, () -> checkpoint.loadInto(new Linear(4, 2, new Rng(1)))),
                "does not fit the mnist-mlp model", "weight");
        assertOneLine(assertThrows(ExampleException.class, () -> checkpoint.intValue("hidden")), "'hidden'", "nothing");
    }

    private static void assertOneLine(ExampleException e, String... parts) {
        assertTrue(!e.getMessage().isBlank() && e.getMessage().lines().count() == 1, e::getMessage);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
        }
    }
}

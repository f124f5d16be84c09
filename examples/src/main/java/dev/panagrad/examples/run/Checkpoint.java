package dev.panagrad.examples.run;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.io.Safetensors;
import dev.panagrad.nn.io.SafetensorsEntry;
import dev.panagrad.nn.io.SafetensorsFile;
import dev.panagrad.nn.io.SafetensorsFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model on disk: its state dict as safetensors (PyTorch's names and layout), with the
 * model's configuration in the file's {@code __metadata__} so {@code eval}, {@code predict} and
 * {@code sample} rebuild the model without flags. The key {@value #MODEL_KEY} names the experiment
 * ({@code mnist-cnn}, ...); every other entry is the experiment's own configuration.
 *
 * @param tensors the state dict
 * @param metadata the configuration
 */
public record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Metadata key naming the experiment that wrote the checkpoint. */
    public static final String MODEL_KEY = "model";
    /** The checkpoint's file name in a run directory. */
    public static final String FILE = "checkpoint.safetensors";

    /** Copies both maps, keeping their order. */
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Writes {@code model}'s state dict and {@code config} (with {@value #MODEL_KEY} = {@code model})
     * to {@code file} atomically.
     */
    public static void save(Path file, String modelName, Module model, Map<String, String> config) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(MODEL_KEY, modelName);
        metadata.putAll(config);
        Safetensors.save(file, model.stateDict(), metadata);
    }

    /**
     * Reads the checkpoint in {@code file}.
     *
     * @throws ExampleException with a one-line reason if the file is missing, unreadable, not a valid
     *     safetensors file, or has no {@value #MODEL_KEY} entry
     */
    public static Checkpoint load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ExampleException("checkpoint " + file + " does not exist (train a model first; its run directory holds " + FILE + ")");
        }
        SafetensorsFile contents;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try {
            contents = Safetensors.read(file);
            for (SafetensorsEntry entry : contents.entries()) {
                tensors.put(entry.name(), entry.toTensor());
            }
        } catch (SafetensorsFormatException e) {
            throw new ExampleException("checkpoint " + file + " is not a valid safetensors file (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new ExampleException("checkpoint " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ExampleException("checkpoint " + file + " cannot be read: " + e.getMessage(), e);
        }
        Checkpoint checkpoint = new Checkpoint(tensors, contents.metadata());
        if (!checkpoint.metadata.containsKey(MODEL_KEY)) {
            throw new ExampleException("checkpoint " + file + " was not written by panagrad train (its metadata has no '" + MODEL_KEY + "' entry)");
        }
        return checkpoint;
    }

    /** The experiment that wrote this checkpoint, e.g. {@code mnist-cnn}. */
    public String model() {
        return metadata.get(MODEL_KEY);
    }

    /**
     * The metadata entry {@code key} as an integer.
     *
     * @throws ExampleException if it is missing or not an integer
     */
    public int intValue(String key) {
        String value = metadata.get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new ExampleException("checkpoint metadata '" + key + "' should be an integer, got " + (value == null ? "nothing" : "'" + value + "'"));
        }
    }

    /**
     * Loads the tensors into {@code model} (strictly: every name and shape must match).
     *
     * @throws ExampleException naming the mismatch if the checkpoint does not fit the model
     */
    public void loadInto(Module model) {
        try {
            model.loadStateDict(tensors, true);
        } catch (IllegalArgumentException e) {
            // loadStateDict lists one problem per line under a heading; the message here stays one line
            List<String> lines = e.getMessage().lines().map(String::strip).toList();
            String problems = String.join("; ", lines.size() > 1 ? lines.subList(1, lines.size()) : lines);
            throw new ExampleException("checkpoint does not fit the " + model() + " model: " + problems, e);
        }
    }
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.io.Safetensors;
import dev.panagrad.nn.loss.Losses;
import dev.panagrad.nn.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Build a model" code, compiled and run: the lines between the README markers below must
 * be the README's Java block exactly, so the documentation cannot drift from code that works.
 */
class ReadmeBuildAModelTest {
    // README:begin
    static Sequential cnn(Rng rng) {
        return new Sequential(
                new Conv2d(1, 8, 3, Conv2d.options().padding(1), rng), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 14 * 14, 10, rng));
    }
    // README:end

    @Test
    void defineTrainSaveAndReload() throws IOException {
        // README:begin
        Rng rng = new Rng(42);
        Sequential model = cnn(rng);
        Adam optimizer = new Adam(model.parameters(), Adam.options().lr(1e-3));
        DataLoader<Batch> loader = DataLoader.of(Mnist.train(), 64, DataLoader.options().shuffle(rng));
        List<Double> losses = new ArrayList<>();

        try (var batches = loader.iterator()) {               // one epoch; we stop after 30 steps
            for (int step = 0; step < 30 && batches.hasNext(); step++) {
                Batch batch = batches.next();
                try (Tape tape = Tape.record()) {
                    Tensor loss = Losses.crossEntropy(model.forward(batch.inputs()), batch.targets());
                    optimizer.step(tape.gradient(loss, model.parameters()));
                    losses.add(loss.item());
                }
            }
        }

        Path checkpoint = Files.createTempFile("mnist-cnn", ".safetensors");
        Safetensors.save(checkpoint, model.stateDict());         // PyTorch's names and layout
        Sequential restored = cnn(new Rng(0));
        restored.loadStateDict(Safetensors.load(checkpoint), true);
        // README:end
        Files.delete(checkpoint);
        Tensor x = Mnist.test().inputs().narrow(0, 0, 16);
        assertArrayEquals(model.eval().forward(x).toFloatArray(), restored.eval().forward(x).toFloatArray());
        assertEquals(30, losses.size());
        double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(25, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.7 * first, "loss should fall within 30 steps: " + first + " → " + last);
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/panagrad/nn/ReadmeBuildAModelTest.java"));
        StringBuilder expected = new StringBuilder();
        int from = 0;
        while (source.indexOf("// README:begin\n", from) >= 0) {
            int begin = source.indexOf("// README:begin\n", from);
            int indent = begin - source.lastIndexOf('\n', begin) - 1;
            int end = source.indexOf("// README:end", begin);
            String region = source.substring(begin + "// README:begin\n".length(), source.lastIndexOf('\n', end) + 1);
            for (String line : region.split("\n")) {
                expected.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
            }
            expected.append('\n');
            from = end;
        }
        String block = "```java\n" + expected.toString().stripTrailing() + "\n```";
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(block), "README's Build a model block must be:\n" + block);
    }
}

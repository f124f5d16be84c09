package dev.panagrad.examples.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.mnist.MnistMlp;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code panagrad eval-gan}: the score of a case with a known answer, usage errors and swapped checkpoints. */
class EvalGanCommandTest {
    @TempDir
    static Path dir;

    private static Path gan;
    private static Path classifier;

    /** An untrained GAN, and an mnist-mlp whose weights are zero and whose last bias makes every image a confident 3. */
    @BeforeAll
    static void writeCheckpoints() throws IOException {
        Rng rng = new Rng(1);
        gan = UntrainedGan.write(dir.resolve("gan.safetensors"), rng);
        classifier = dir.resolve("always-three.safetensors");
        Map<String, Tensor> weights = new LinkedHashMap<>();
        MnistMlp.model(rng).stateDict().forEach((name, t) -> weights.put(name, Tensor.zeros(t.shape())));
        float[] bias = new float[10];
        bias[3] = 10; // softmax: p(3) = e¹⁰ / (e¹⁰ + 9) ≈ 0.9996
        weights.put("7.bias", Tensor.of(bias, 10));
        Safetensors.save(classifier, weights, Map.of(Checkpoint.MODEL_KEY, "mnist-mlp"));
    }

    @Test
    void aClassifierThatSeesOnlyThreesScoresAllConfidentButFails() {
        Cli.Result r = Cli.run("eval-gan", "--checkpoint", gan.toString(), "--classifier", classifier.toString(), "-n", "300");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("300 digits"), r::toString);
        assertTrue(r.out().contains("confident (p >= 0.9): 100.0%"), r::toString);
        assertTrue(r.out().contains("the real test digits: 100.0%"), r::toString);
        assertTrue(r.out().contains("share    0.0%   0.0%   0.0% 100.0%   0.0%"), r::toString);
        assertTrue(r.out().contains("smallest share 0.0%"), r::toString);
        assertTrue(r.out().contains("labelled as the digit asked for: 10.0%"), r::toString); // the 30 threes of 300
        assertTrue(r.out().strip().endsWith("FAIL"), r::toString);
    }

    @Test
    void aGanGivenAsTheClassifierIsAOneLineFailure() {
        Cli.Result r = Cli.run("eval-gan", "--checkpoint", gan.toString(), "--classifier", gan.toString());
        assertOneLineFailure(r, "mnist-gan model, not an MNIST classifier");
    }

    @Test
    void aClassifierGivenAsTheGanIsAOneLineFailure() {
        Cli.Result r = Cli.run("eval-gan", "--checkpoint", classifier.toString(), "--classifier", classifier.toString());
        assertOneLineFailure(r, "mnist-mlp model, not a GAN");
    }

    @Test
    void aMissingCheckpointIsAOneLineFailure() {
        Cli.Result r = Cli.run("eval-gan", "--checkpoint", dir.resolve("nowhere.safetensors").toString(), "--classifier",
                classifier.toString());
        assertOneLineFailure(r, "nowhere.safetensors");
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheProblem() {
        String[][] cases = {
            {"eval-gan", "--checkpoint", gan.toString()},
            {"eval-gan", "--classifier", classifier.toString()},
            {"eval-gan", "--checkpoint", gan.toString(), "--classifier", classifier.toString(), "-n", "0"},
            {"eval-gan", "--checkpoint", gan.toString(), "--classifier", classifier.toString(), "-n", "many"},
            {"eval-gan", "--checkpoint", gan.toString(), "--classifier", classifier.toString(), "--seed", "x"},
        };
        String[] expected = {"--classifier", "--checkpoint", "-n", "many", "x"};
        Cli.assertUsageErrors(cases, expected);
    }

    private static void assertOneLineFailure(Cli.Result r, String expected) {
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains(expected), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }
}

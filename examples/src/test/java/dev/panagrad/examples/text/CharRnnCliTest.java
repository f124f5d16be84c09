package dev.panagrad.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.mnist.MnistMlp;
import dev.panagrad.examples.run.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train char-rnn} and {@code sample} through the command line, on a small text. */
class CharRnnCliTest {
    @TempDir
    static Path dir;
    static Path text;
    static Path run;
    static Cli.Result training;

    /** Every 150th shipped word and a few non-ASCII ones, with CRLF line ends and a blank line; three short epochs. */
    @BeforeAll
    static void trainOnASmallText() throws IOException {
        List<String> words = TextCorpus.load(Optional.empty()).sequences();
        List<String> lines = new ArrayList<>(IntStream.range(0, words.size()).filter(i -> i % 150 == 0).mapToObj(words::get).toList());
        lines.addAll(List.of("café", "naïve", "", "smörgåsbord"));
        text = dir.resolve("words.txt");
        Files.writeString(text, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        run = dir.resolve("run");
        training = Cli.run("train", "char-rnn", "--text", text.toString(), "--epochs", "3", "--batch-size", "32", "--threads", "1",
                "--out", run.toString());
    }

    @Test
    void trainingLowersTheLossAndReportsTheBigramBaseline() throws IOException {
        assertEquals(0, training.exitCode(), training::toString);
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("epoch,train_loss,val_loss,bigram_val_loss,seconds,samples_per_s", csv.getFirst());
        String[] first = csv.get(1).split(",");
        String[] last = csv.get(3).split(",");
        assertTrue(Double.parseDouble(last[1]) < Double.parseDouble(first[1]) - 0.1, () -> String.join("\n", csv));
        assertTrue(Double.parseDouble(last[2]) < Double.parseDouble(first[2]), () -> String.join("\n", csv));
        assertEquals(first[3], last[3]); // the baseline does not train
        assertTrue(training.out().contains("the bigram model's"), training::toString);
        assertTrue(Files.exists(run.resolve("curves.png")));
    }

    @Test
    void theSameSeedGivesTheSameWordsAndAnotherSeedOthers() {
        String checkpoint = run.resolve(Checkpoint.FILE).toString();
        Cli.Result a = Cli.run("sample", "--checkpoint", checkpoint, "-n", "12", "--seed", "7");
        Cli.Result b = Cli.run("sample", "--checkpoint", checkpoint, "-n", "12", "--seed", "7");
        Cli.Result c = Cli.run("sample", "--checkpoint", checkpoint, "-n", "12", "--seed", "8");
        assertEquals(0, a.exitCode(), a::toString);
        assertEquals(12, a.out().lines().count(), a::toString);
        assertEquals(a.out(), b.out());
        assertNotEquals(a.out(), c.out());
        assertTrue(a.err().contains("of 12") && a.err().contains("not in the training split"), a::toString);
    }

    @Test
    void sampledWordsAreNonEmptyAndUseOnlyTheTextsCharacters() throws IOException {
        Cli.Result r = Cli.run("sample", "--checkpoint", run.resolve(Checkpoint.FILE).toString(), "-n", "50", "--temperature", "2");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().lines().noneMatch(String::isEmpty), r::toString);
        String allowed = Files.readString(text);
        assertTrue(r.out().codePoints().allMatch(c -> c == '\n' || allowed.indexOf(Character.toString(c)) >= 0), r::toString);
    }

    @Test
    void aTemperatureNearZeroFollowsTheMostLikelyPath() {
        String checkpoint = run.resolve(Checkpoint.FILE).toString();
        Cli.Result greedy = Cli.run("sample", "--checkpoint", checkpoint, "-n", "3", "--temperature", "0");
        assertEquals(0, greedy.exitCode(), greedy::toString);
        String word = greedy.out().lines().findFirst().orElseThrow();
        assertEquals((word + "\n").repeat(3), greedy.out().replace("\r\n", "\n"));
        for (String seed : new String[] {"1", "2"}) {
            Cli.Result cold = Cli.run("sample", "--checkpoint", checkpoint, "-n", "3", "--temperature", "1e-4", "--seed", seed);
            assertEquals(greedy.out(), cold.out(), cold::toString);
        }
    }

    @Test
    void anEmptyTextIsAOneLineFailure() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \r\n");
        assertOneLineFailure(Cli.run("train", "char-rnn", "--text", empty.toString(), "--out", dir.resolve("empty-run").toString()),
                "empty.txt", "holds no text");
    }

    @Test
    void aMissingTextIsAOneLineFailure() {
        assertOneLineFailure(Cli.run("train", "char-rnn", "--text", dir.resolve("nowhere.txt").toString(), "--out",
                dir.resolve("missing-run").toString()), "nowhere.txt", "does not exist");
    }

    @Test
    void samplingAnotherModelsCheckpointIsAOneLineFailure() throws IOException {
        Path mlp = dir.resolve("mlp.safetensors");
        Checkpoint.save(mlp, "mnist-mlp", MnistMlp.model(new Rng(0)), Map.of());
        assertOneLineFailure(Cli.run("sample", "--checkpoint", mlp.toString()), "mnist-mlp", "char-rnn");
    }

    private static void assertOneLineFailure(Cli.Result r, String... mentions) {
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        for (String mention : mentions) {
            assertTrue(r.err().contains(mention), () -> mention + " missing from\n" + r);
        }
    }

    @Test
    void badSampleArgumentsExitWithTwo() {
        String checkpoint = run.resolve(Checkpoint.FILE).toString();
        for (String[] args : new String[][] {{"-n", "0"}, {"--temperature", "-1"}, {"--temperature", "hot"}}) {
            Cli.Result r = Cli.run("sample", "--checkpoint", checkpoint, args[0], args[1]);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains(args[0]), r::toString);
        }
        assertEquals(2, Cli.run("sample").exitCode());
    }
}

package dev.panagrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, usage errors (exit 2) and user failures (exit 1, one line, no stack trace). */
class CliUsageTest {
    @Test
    void helpListsEveryCommandAndTrainHelpEveryOption() {
        Cli.Result root = Cli.run("--help");
        assertEquals(0, root.exitCode(), root::toString);
        assertTrue(root.out().contains("train"), root::toString);
        Cli.Result train = Cli.run("train", "--help");
        assertEquals(0, train.exitCode(), train::toString);
        for (String option : new String[] {"--epochs", "--batch-size", "--lr", "--optimizer", "--seed", "--threads", "--data",
                "--text", "--out", "mnist-mlp"}) {
            assertTrue(train.out().contains(option), () -> option + " missing from\n" + train);
        }
    }

    @Test
    void everyCommandsHelpIsFormattedWithoutWarnings() {
        // picocli formats descriptions as format strings: a lone '%' makes it print a warning and the raw text
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (String command : new String[] {"train", "eval", "predict", "eval-gan", "sample"}) {
                Cli.Result help = Cli.run(command, "--help");
                assertEquals(0, help.exitCode(), help::toString);
                assertTrue(help.out().contains("Usage:"), help::toString);
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", captured.toString(), "warnings while rendering help");
        assertTrue(Cli.run("eval-gan", "--help").out().contains(">= 80% confident"));
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhatIsWrong(@TempDir Path dir) {
        String out = dir.resolve("run").toString();
        String[][] cases = {
            {"train"},
            {"train", "mnist-nope", "--out", out},
            {"train", "mnist-mlp", "--epochs", "0", "--out", out},
            {"train", "mnist-mlp", "--epochs", "three", "--out", out},
            {"train", "mnist-mlp", "--lr", "-1", "--out", out},
            {"train", "mnist-mlp", "--optimizer", "lbfgs", "--out", out},
            {"train", "mnist-mlp", "--threads", "0", "--out", out},
            {"train", "mnist-mlp", "--text", "words.txt", "--out", out},
            {"train", "mnist-mlp", "--frobnicate"},
            {"frobnicate"},
        };
        String[] expected = {"MODEL", "mnist-nope", "--epochs", "three", "--lr", "lbfgs", "--threads", "--text", "--frobnicate",
            "frobnicate"};
        Cli.assertUsageErrors(cases, expected);
    }

    @Test
    void aMissingDataDirectoryIsAOneLineFailure(@TempDir Path dir) {
        Cli.Result r = Cli.run("train", "mnist-mlp", "--data", dir.resolve("nowhere").toString(), "--out",
                dir.resolve("run").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains("nowhere"), r::toString);
    }
}

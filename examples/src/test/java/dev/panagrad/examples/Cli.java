package dev.panagrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code panagrad} command in-process, capturing what it prints, as the tests' way in. */
public final class Cli {
    private Cli() {}

    /** What one command line did. */
    public record Result(int exitCode, String out, String err) {
        /** Both streams, for assertion messages. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    /** Runs {@code args} as {@code panagrad args...} and returns its exit code and output. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Asserts that each command line of {@code cases} is a usage error: exit status 2, a message containing
     * the matching {@code expected} text, and no stack trace.
     */
    public static void assertUsageErrors(String[][] cases, String[] expected) {
        assertEquals(cases.length, expected.length, "one expected message per case");
        for (int i = 0; i < cases.length; i++) {
            Result r = run(cases[i]);
            String context = String.join(" ", cases[i]) + "\n" + r;
            assertEquals(2, r.exitCode(), context);
            assertTrue(r.err().contains(expected[i]), context);
            assertFalse(r.err().contains("\tat "), context);
        }
    }
}

package dev.panagrad.examples;

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
}

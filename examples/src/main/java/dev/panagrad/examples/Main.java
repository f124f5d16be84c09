package dev.panagrad.examples;

import dev.panagrad.examples.cli.PanagradCommand;
import java.io.PrintWriter;

/**
 * Entry point of the {@code panagrad} command ({@code ./panagrad --help} from a clone). Exit status:
 * 0 on success, 2 for bad usage (unknown option, invalid value), 1 for a failure, printed as a
 * one-line reason (missing data, corrupt checkpoint).
 */
public final class Main {
    private Main() {}

    /** Runs the command line {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}, and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true"); // charts and images are drawn off-screen
        return PanagradCommand.commandLine(out, err).execute(args);
    }
}

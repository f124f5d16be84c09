package dev.panagrad.examples.run;

/**
 * A failure the user can act on — a missing data directory, a corrupt checkpoint, a file that is not
 * an image. The command prints its message as one line and exits with status 1, without a stack trace.
 */
public final class ExampleException extends RuntimeException {
    /** A failure described by {@code message} (one line, naming the file or value at fault). */
    public ExampleException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause} (kept for debugging, not printed). */
    public ExampleException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.panagrad.core.check;

/** A property did not hold; the message gives the seed that replays the run and the counterexample. */
public final class PropertyFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    PropertyFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

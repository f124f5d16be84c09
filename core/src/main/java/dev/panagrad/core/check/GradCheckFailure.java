package dev.panagrad.core.check;

/** A gradient check found analytic and numeric derivatives that disagree; the message names the worst element. */
public final class GradCheckFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    GradCheckFailure(String message) {
        super(message);
    }
}

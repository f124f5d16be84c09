package dev.panagrad.core.check;

/** A gradient check found analytic and numeric derivatives that disagree; the message names the worst element. */
public final class GradCheckFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient GradCheck.Mismatch worst;

    GradCheckFailure(String message, GradCheck.Mismatch worst) {
        super(message);
        this.worst = worst;
    }

    /** The worst disagreement: input, element indices, analytic and numeric values. */
    public GradCheck.Mismatch worst() {
        return worst;
    }
}

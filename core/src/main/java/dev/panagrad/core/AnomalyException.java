package dev.panagrad.core;

/** Thrown in anomaly mode when an op's forward value or a gradient rule's result holds NaN or Inf. */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    AnomalyException(String message) {
        super(message);
    }
}

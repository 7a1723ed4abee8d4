package io.github.dvae.experiments.sweep;

/**
 * A sweep cannot run as written: a bad value, an unknown estimator, a missing data set. The
 * message names the bad value and what is allowed, in one line, ready for the user.
 */
public final class InvalidSweepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSweepException(String message) {
        super(message);
    }

    public InvalidSweepException(String message, Throwable cause) {
        super(message, cause);
    }
}

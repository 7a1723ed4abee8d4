package io.github.dvae.core.estimator;

/**
 * A user's option is unknown or out of range. The message names the estimator, the option, the
 * bad value and what is allowed, so the command line can print it as it is.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidOptionException(String message) {
        super(message);
    }
}

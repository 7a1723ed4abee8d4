package io.github.dvae.experiments.cli;

/** A command's argument cannot be used; the message says which and why, in one line. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

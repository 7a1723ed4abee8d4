package io.github.dvae.reports.store;

/**
 * A store file could not be read or written as the format requires; the message names the file
 * (and line, for JSON lines) and what went wrong, ready to show a user.
 */
public final class StoreFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreFormatException(String message) {
        super(message);
    }
}

package io.github.dvae.core.data;

/** A data file is missing or not what was expected; the message names the file and the format. */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.dvae.experiments.checkpoint;

import java.io.IOException;

/** A checkpoint that cannot be loaded: damaged, of another format version or configuration. */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

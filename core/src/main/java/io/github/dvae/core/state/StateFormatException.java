package io.github.dvae.core.state;

import java.io.IOException;

/** Saved state that does not match what reads it: another configuration, version, or damage. */
public final class StateFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public StateFormatException(String message) {
        super(message);
    }
}

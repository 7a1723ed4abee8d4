package io.github.dvae.reports.html;

/** What a curve is drawn against. */
public enum Axis {
    /** Epochs finished. */
    EPOCH("epoch"),
    /** Optimiser steps taken. */
    STEP("optimiser steps"),
    /** Wall seconds since the run started (mean over seeds at each point). */
    SECONDS("wall time (s)");

    private final String title;

    Axis(String title) {
        this.title = title;
    }

    /** The axis title. */
    public String title() {
        return title;
    }
}

package io.github.dvae.estimators.reinforce;

import java.util.List;
import java.util.Locale;

/** The control variate subtracted from {@code f} in the score-function estimator. */
enum Baseline {
    /** No baseline: the estimator as the seed defines it. */
    NONE,
    /** An exponential moving average of past batches' mean {@code f}. */
    EMA,
    /** For each of S samples, the mean {@code f} of the other S - 1 (Kool et al. 2019). */
    LOO,
    /**
     * NVIL (Mnih and Gregor 2014): a running mean of {@code f} plus an MLP on {@code x} trained
     * to predict the rest, optionally with variance normalisation.
     */
    LEARNED;

    static List<String> names() {
        return List.of("none", "ema", "loo", "learned");
    }

    static Baseline parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

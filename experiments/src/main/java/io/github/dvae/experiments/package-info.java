/**
 * The runner: {@link io.github.dvae.experiments.Main} is the command line's entry point. Sub-packages
 * by concept: {@code cli} (commands, options, error reporting), {@code sweep} (what to run, run
 * identity, scheduling and resumption), {@code training} (one run: data, model, metrics),
 * {@code probe} (gradient variance and bias), {@code environment} (what a run records about the
 * machine, and BLAS threads), {@code progress} (what the user sees while a sweep runs).
 */
package io.github.dvae.experiments;

/**
 * The machine a run ran on, as recorded beside its results, and the BLAS thread budget of a
 * process running several runs at once.
 */
package io.github.dvae.experiments.environment;

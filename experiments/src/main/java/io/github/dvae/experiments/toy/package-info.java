/**
 * The toy problem of the REBAR and RELAX papers, run with any categorical estimator, and its
 * figures: loss and gradient log-variance along optimisation.
 */
package io.github.dvae.experiments.toy;

package io.github.dvae.estimators.relax;

/**
 * RELAX's resolved options.
 *
 * @param eta the initial scale of the relaxed-objective term of the surrogate
 * @param learnEta whether eta takes the surrogate's optimiser steps on the variance
 * @param lambda the relaxation's temperature, {@code > 0}, fixed
 * @param hidden hidden units of the surrogate network r, {@code >= 1}
 * @param rate Adam's learning rate for the surrogate's parameters, {@code > 0}
 */
record RelaxSettings(double eta, boolean learnEta, double lambda, int hidden, double rate) {

    RelaxSettings {
        if (!Double.isFinite(eta) || !(lambda > 0) || !Double.isFinite(lambda) || hidden < 1
                || !(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("RELAX needs a finite eta, lambda > 0, hidden >= 1 "
                    + "and rate > 0; got " + eta + ", " + lambda + ", " + hidden + ", " + rate);
        }
    }
}

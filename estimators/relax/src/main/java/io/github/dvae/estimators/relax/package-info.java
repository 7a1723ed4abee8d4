/**
 * The RELAX estimator (Grathwohl et al. 2018): REBAR's conditional relaxation with a surrogate
 * {@code c(z) = eta f(softmax(z / lambda)) + r(softmax(z / lambda))}, whose network r and scale
 * eta take their own optimiser steps on the estimator's variance; unbiased for every surrogate.
 */
package io.github.dvae.estimators.relax;

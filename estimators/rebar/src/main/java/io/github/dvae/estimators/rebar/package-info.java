/**
 * The REBAR estimator (Tucker et al. 2017): REINFORCE with a control variate built from a
 * Gumbel-Softmax relaxation at the perturbation {@code z} and at the conditional perturbation
 * {@code z~ | b}, unbiased for every scale eta and temperature lambda, with optional adaptation of
 * both.
 */
package io.github.dvae.estimators.rebar;

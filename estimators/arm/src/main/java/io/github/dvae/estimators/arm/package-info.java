/**
 * ARM, the Augment-REINFORCE-Merge estimator of Yin and Zhou 2019, for Bernoulli latents: an
 * antithetic pair of samples from one uniform per unit, {@code (f(b1) - f(b2)) (u - 1/2)}.
 */
package io.github.dvae.estimators.arm;

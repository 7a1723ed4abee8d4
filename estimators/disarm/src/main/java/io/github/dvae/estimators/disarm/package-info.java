/**
 * DisARM, the estimator of Dong, Mnih and Tucker 2020, for Bernoulli latents: ARM's antithetic
 * pair with the augmenting uniform integrated out, {@code 1/2 (f(b1) - f(b2)) 1[b1 != b2]
 * (-1)^b2 sigmoid(|l|)}.
 */
package io.github.dvae.estimators.disarm;

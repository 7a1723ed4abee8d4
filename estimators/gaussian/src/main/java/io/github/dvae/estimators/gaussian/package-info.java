/**
 * The continuous Gaussian VAE, the reference row beside the discrete estimators: its own latent
 * family (diagonal Gaussian posterior, standard normal prior, analytic KL) and the
 * reparameterisation gradient.
 */
package io.github.dvae.estimators.gaussian;

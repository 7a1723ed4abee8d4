/**
 * Latent spaces: the categorical posterior {@code q(z|x) = prod_i Cat(z_i; softmax(l_i))} with its
 * analytic KL to the uniform prior, and the {@link io.github.dvae.core.latent.LatentFamily}
 * abstraction that Gaussian and codebook latents implement in their plug-ins.
 */
package io.github.dvae.core.latent;

/**
 * VQ-VAE as an estimator plug-in: codebook latents (N vectors of D, each quantised against K
 * shared entries) with their own latent families, the straight-through estimator with commitment
 * and codebook losses or EMA codebook updates ({@code vq}), and Gumbel-Softmax quantisation with
 * an analytic KL ({@code vq-gumbel}). See the module's README for the formulas and options.
 */
package io.github.dvae.estimators.vq;

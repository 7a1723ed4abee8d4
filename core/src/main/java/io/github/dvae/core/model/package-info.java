/**
 * The VAE assembled from core parts: encoder, latent family and estimator, decoder, Adam. The
 * model owns the loss's sign and batch averaging; estimators see per-example ascent on
 * {@code E_q[f]}.
 */
package io.github.dvae.core.model;

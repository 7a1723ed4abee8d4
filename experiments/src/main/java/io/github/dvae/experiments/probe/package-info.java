/**
 * The gradient variance probe of the measurement protocol: at a checkpoint, parameters frozen,
 * one fixed minibatch, M independent estimates of the encoder's gradient, each from its own
 * random stream; their per-coordinate variance, signal-to-noise ratio, and bias against a
 * reference estimator where one can enumerate the latent space.
 */
package io.github.dvae.experiments.probe;

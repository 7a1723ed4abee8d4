/**
 * The estimator SPI, the only thing plug-ins depend on: a plug-in's
 * {@link io.github.dvae.core.estimator.EstimatorProvider} builds a
 * {@link io.github.dvae.core.estimator.GradientEstimator}, whose whole job is the gradient with
 * respect to the encoder's output; the model does the rest of the backward pass and the KL.
 */
package io.github.dvae.core.estimator;

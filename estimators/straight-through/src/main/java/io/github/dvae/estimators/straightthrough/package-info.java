/**
 * The straight-through estimator of Bengio et al. 2013: a hard categorical sample forward, the
 * softmax's Jacobian backward.
 */
package io.github.dvae.estimators.straightthrough;

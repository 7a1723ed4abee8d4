/**
 * ReinMax (Liu et al. 2023): straight-through with the second-order accuracy of Heun's method,
 * a hard categorical sample forward and two softmax Jacobian products backward.
 */
package io.github.dvae.estimators.reinmax;

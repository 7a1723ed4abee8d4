/**
 * The score-function (REINFORCE) estimator and its baselines: none, a moving average,
 * leave-one-out over S samples, and NVIL's learned input-dependent baseline.
 */
package io.github.dvae.estimators.reinforce;

/** The score-function (REINFORCE) estimator and its baselines. */
package io.github.dvae.estimators.reinforce;

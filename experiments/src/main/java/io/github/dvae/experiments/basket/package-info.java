/**
 * The same-snapshot variance basket: at each probe of one reference run per configuration, every
 * estimator configuration of the sweep is measured on that run's frozen parameters and the
 * probe's fixed minibatch, so their variances, signal-to-noise ratios, biases and costs compare
 * at one point of one trajectory (what the REBAR and DisARM code do), not each on its own run.
 * {@link io.github.dvae.experiments.basket.BasketAssignment} chooses the reference runs when the
 * sweep is planned; {@link io.github.dvae.experiments.basket.SameSnapshotBasket} measures.
 */
package io.github.dvae.experiments.basket;

/**
 * One run: its random streams, data, model and estimator, the training loop, the per-epoch
 * metrics (train ELBO as the running mean over the epoch, test ELBO on the whole test set with one
 * hard sample per example), the variance probe at its checkpoints, and the images for the report,
 * all written to the run's store directory as they are produced. {@link
 * io.github.dvae.experiments.training.RunStep} is one step of that loop, batch preparation
 * included, which the benchmarks time as it is.
 */
package io.github.dvae.experiments.training;

package io.github.dvae.reports.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a run's {@code epochs.jsonl}: the metrics at the end of an epoch. ELBOs are in nats
 * per example (higher is better; the papers' "-ELBO" is their negation).
 *
 * @param epoch 1 for the first pass over the training set
 * @param step optimiser steps taken so far
 * @param trainElbo running mean over the epoch of each minibatch's training ELBO (the
 *     estimator's objective minus the KL, at the parameters of that step)
 * @param testElbo mean over the whole test set, one hard posterior sample per example
 * @param testReconstruction mean {@code log p(x|z)} over the test set, same samples
 * @param testKl mean {@code KL(q(z|x) || p(z))} over the test set
 * @param epochSeconds wall time of this epoch's training and evaluation
 * @param elapsedSeconds wall time since the run started
 * @param diagnostics the estimator's adaptive quantities at the end of the epoch (temperature,
 *     baseline), by name
 */
public record EpochRecord(int epoch, long step, double trainElbo, double testElbo,
        double testReconstruction, double testKl, double epochSeconds, double elapsedSeconds,
        Map<String, Double> diagnostics) {

    public EpochRecord {
        diagnostics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(diagnostics));
    }
}

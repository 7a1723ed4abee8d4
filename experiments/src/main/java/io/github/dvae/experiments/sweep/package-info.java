/**
 * What a sweep runs and how: a {@link io.github.dvae.experiments.sweep.SweepDefinition} as the user
 * wrote it, validated and expanded into a {@link io.github.dvae.experiments.sweep.SweepPlan} of
 * runs (estimator configurations times seeds, every option resolved), and the
 * {@link io.github.dvae.experiments.sweep.SweepRunner} that runs them, in parallel if asked,
 * skipping those a results store already holds complete.
 */
package io.github.dvae.experiments.sweep;

/**
 * When a run is measured, in optimiser steps: the papers count steps (10^6 in most) and evaluate
 * on a schedule of them, so a long run's early phase needs points of its own. The training loop
 * consults an {@link io.github.dvae.experiments.schedule.EvaluationSchedule} and nothing else.
 */
package io.github.dvae.experiments.schedule;

package io.github.dvae.experiments.training;

import io.github.dvae.experiments.schedule.EvaluationSchedule;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.Setting;

/**
 * The training settings every run has, as keys of {@link RunConfig#settings()}. A new setting is a
 * constant here (or in the class that uses it) and one entry where the sweep fills the map:
 * {@link RunConfig}, its JSON and its fingerprint need no change.
 */
public final class TrainingSettings {

    /**
     * Passes over the training set; with a step budget ({@link #STEPS}), the passes that budget
     * begins (the last may be partial), written so that epochs and steps always agree.
     */
    public static final Setting<Integer> EPOCHS = Setting.integer("epochs",
            "passes over the training set", null);

    /**
     * The budget in optimiser steps, which rules over {@link #EPOCHS} when set; 0 (neutral): the
     * budget is whole epochs, as in runs made before step budgets existed.
     */
    public static final Setting<Long> STEPS = Setting.longInteger("steps",
            "optimiser steps (0: the budget is epochs)", 0L);

    /**
     * The steps after which the run records its step-indexed metrics, as
     * {@link EvaluationSchedule#parse} reads it; empty (neutral): after every epoch, as in runs
     * made before schedules existed.
     */
    public static final Setting<String> EVALUATION = Setting.text("evaluation",
            "evaluation schedule in steps (empty: after every epoch)", "");

    /** Examples per optimiser step. */
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size",
            "examples per optimiser step", null);

    /** Adam's learning rate. */
    public static final Setting<Double> LEARNING_RATE = Setting.real("learning-rate",
            "Adam's learning rate", null);

    /** The model's written form, e.g. {@code 784-200-(20x10)-200-784}. */
    public static final Setting<String> ARCHITECTURE = Setting.text("architecture",
            "encoder-(latents)-decoder", null);

    /** The data set as written ({@code synthetic}, {@code idx:<dir>}, ...). */
    public static final Setting<String> DATA = Setting.text("data", "data set", null);

    /** Seeds the generated data set (the same data for every run of a sweep). */
    public static final Setting<Long> DATA_SEED = Setting.longInteger("data-seed",
            "seed of the synthetic data set", null);

    /** {@code dynamic} or {@code threshold}. */
    public static final Setting<String> BINARISATION = Setting.text("binarisation",
            "how pixels become binary", null);

    /** Training images used (after any limit). */
    public static final Setting<Integer> TRAIN_EXAMPLES = Setting.integer("train-examples",
            "training images", null);

    /** Test images used (after any limit). */
    public static final Setting<Integer> TEST_EXAMPLES = Setting.integer("test-examples",
            "test images", null);

    /**
     * Validation images: the last this many of the training file, held out from training and
     * scored at every evaluation point; 0 (neutral): none, as in runs made before the split.
     */
    public static final Setting<Integer> VALIDATION_EXAMPLES = Setting.integer(
            "validation-examples", "validation images held out of the training file", 0);

    /**
     * Threads of the BLAS and OpenMP pools (and of the elementwise kernels) the run computes
     * with: OpenBLAS and libnd4j sum in another order with another count, and a chaotic run
     * (REINFORCE) carries a last-bit difference into another trajectory, so it changes numbers;
     * 0 (neutral): not recorded, as in stores written before it was.
     */
    public static final Setting<Integer> BLAS_THREADS = Setting.integer("blas-threads",
            "BLAS threads the run computed with", 0);

    private TrainingSettings() {
    }

    /**
     * Optimiser steps of one run: its step budget, or whole minibatches per epoch times epochs.
     */
    public static long steps(RunConfig run) {
        long budget = run.get(STEPS);
        return budget > 0 ? budget : stepsPerEpoch(run) * run.get(EPOCHS);
    }

    /** Whole minibatches in one pass over the training set (a partial last one is dropped). */
    public static long stepsPerEpoch(RunConfig run) {
        return run.get(TRAIN_EXAMPLES) / run.get(BATCH_SIZE);
    }

    /**
     * The steps after which the run records its step-indexed metrics: its
     * {@link #EVALUATION} schedule over its budget, or the end of every epoch.
     *
     * @throws IllegalArgumentException if the schedule does not fit the budget
     */
    public static EvaluationSchedule evaluation(RunConfig run) {
        String form = run.get(EVALUATION);
        long budget = steps(run);
        return form.isEmpty() ? EvaluationSchedule.every(stepsPerEpoch(run), budget)
                : EvaluationSchedule.parse(form, budget);
    }
}

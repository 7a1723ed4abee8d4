package io.github.dvae.experiments.training;

import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.Setting;

/**
 * The training settings every run has, as keys of {@link RunConfig#settings()}. A new setting is a
 * constant here (or in the class that uses it) and one entry where the sweep fills the map:
 * {@link RunConfig}, its JSON and its fingerprint need no change.
 */
public final class TrainingSettings {

    /** Passes over the training set. */
    public static final Setting<Integer> EPOCHS = Setting.integer("epochs",
            "passes over the training set", null);

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
     * Threads of the BLAS and OpenMP pools (and of the elementwise kernels) the run computes
     * with: OpenBLAS and libnd4j sum in another order with another count, and a chaotic run
     * (REINFORCE) carries a last-bit difference into another trajectory, so it changes numbers;
     * 0 (neutral): not recorded, as in stores written before it was.
     */
    public static final Setting<Integer> BLAS_THREADS = Setting.integer("blas-threads",
            "BLAS threads the run computed with", 0);

    private TrainingSettings() {
    }

    /** Optimiser steps of one run: whole minibatches per epoch, times epochs. */
    public static long steps(RunConfig run) {
        return (long) (run.get(TRAIN_EXAMPLES) / run.get(BATCH_SIZE)) * run.get(EPOCHS);
    }
}

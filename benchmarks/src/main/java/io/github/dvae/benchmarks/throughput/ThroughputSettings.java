package io.github.dvae.benchmarks.throughput;

import java.nio.file.Path;

/**
 * One throughput measurement: train {@code warmup} untimed then {@code steps} timed steps of an
 * estimator spec ({@code gumbel-softmax:tau=1}, ...) on an architecture (a preset name such as
 * {@code seed} or {@code disarm-nonlinear}, or a written form), batch {@code batch}, Adam at
 * {@code learningRate}, with {@code threads} threads, on an IDX image file ({@code images}; null:
 * the synthetic set).
 */
public record ThroughputSettings(Path images, String estimator, String architecture, int batch,
        int steps, int warmup, int threads, long seed, double learningRate) {

    /** Adam's rate when none is given: the seed's. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    /** @throws IllegalArgumentException naming the bad value and what is allowed */
    public ThroughputSettings {
        if (batch < 1 || steps < 1 || warmup < 0 || threads < 1) {
            throw new IllegalArgumentException("batch, steps and threads must be >= 1 and warmup"
                    + " >= 0, got batch " + batch + ", steps " + steps + ", threads " + threads
                    + ", warmup " + warmup);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got "
                    + learningRate);
        }
    }

    /** At Adam's {@link #DEFAULT_LEARNING_RATE}. */
    public ThroughputSettings(Path images, String estimator, String architecture, int batch,
            int steps, int warmup, int threads, long seed) {
        this(images, estimator, architecture, batch, steps, warmup, threads, seed,
                DEFAULT_LEARNING_RATE);
    }
}

package io.github.dvae.benchmarks.throughput;

import java.nio.file.Path;

/**
 * One throughput measurement: train {@code warmup} untimed then {@code steps} timed steps of an
 * estimator spec ({@code gumbel-softmax:tau=1}, ...) on an architecture (a preset name such as
 * {@code seed} or {@code disarm-nonlinear}, or a written form), batch {@code batch}, Adam 1e-3,
 * with {@code threads} threads, on an IDX image file ({@code images}; null: the synthetic set).
 */
public record ThroughputSettings(Path images, String estimator, String architecture, int batch,
        int steps, int warmup, int threads, long seed) {

    /** @throws IllegalArgumentException naming the bad value and what is allowed */
    public ThroughputSettings {
        if (batch < 1 || steps < 1 || warmup < 0 || threads < 1) {
            throw new IllegalArgumentException("batch, steps and threads must be >= 1 and warmup"
                    + " >= 0, got batch " + batch + ", steps " + steps + ", threads " + threads
                    + ", warmup " + warmup);
        }
    }
}

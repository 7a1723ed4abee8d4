package io.github.dvae.benchmarks.anatomy;

/**
 * One estimator's step, measured and sampled: its wall time per step and the stepping thread's
 * samples, from which each phase's share of that time follows.
 *
 * @param estimator the estimator spec
 * @param stepMilliseconds wall milliseconds per step over the sampled steps
 * @param samples the stepping thread's samples over those steps
 */
public record StepAnatomyRow(String estimator, double stepMilliseconds, StepSamples samples) {

    public StepAnatomyRow {
        if (samples.total() == 0) {
            throw new IllegalArgumentException(estimator + " has no samples to share its "
                    + stepMilliseconds + " ms out by");
        }
    }

    /** Milliseconds per step charged to {@code phase}: its share of the samples. */
    public double milliseconds(StepPhase phase) {
        return stepMilliseconds * samples.count(phase) / samples.total();
    }

    /** Milliseconds per step charged to {@code phase} and {@code kind}. */
    public double milliseconds(StepPhase phase, WorkKind kind) {
        return stepMilliseconds * samples.count(phase, kind) / samples.total();
    }

    /** Milliseconds per step of {@code kind}, every phase. */
    public double milliseconds(WorkKind kind) {
        double sum = 0;
        for (StepPhase p : StepPhase.values()) {
            sum += milliseconds(p, kind);
        }
        return sum;
    }
}

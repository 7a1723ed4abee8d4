package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import io.github.dvae.reports.store.Setting;
import java.util.List;

/**
 * The importance-weighted bound of {@link IwBound} along training: at every
 * {@link #EVERY}-th evaluation point and at the last, with the same K, from a stream of its own
 * (so it is an estimate independent of the one {@link IwBound} makes after training; the same
 * draws at every point, so that changes along the curve are the model's). The
 * papers' launchers score validation and test this way every 1000 steps; here the cost (K
 * decoder passes per test image) is paid only where asked. Only when {@link IwBound#SAMPLES} and
 * {@link #EVERY} are set and the latent family has a posterior density.
 */
public final class IwBoundCurve implements RunMetric {

    /** N: the bound at every N-th evaluation point and the last; 0 (neutral): not along training. */
    public static final Setting<Integer> EVERY = Setting.integer("iw-every",
            "IW bound at every N-th evaluation point and the last (0: after training only)", 0);

    /** Its name in the store. */
    public static final String NAME = "iw-bound-curve";

    private static final MetricSpec CURVE = new MetricSpec(NAME, "test log p(x) >= (IW), "
            + "along training", "nats per example", Schedule.EPOCH, true, false,
            MetricSpec.Direction.HIGHER, "The importance-weighted bound on log p(x) with K "
            + "posterior samples per test image over the whole test set, at every N-th "
            + "evaluation point and the last (absent at the others).");

    @Override
    public List<MetricSpec> specs(RunContext run) {
        return run.config().get(IwBound.SAMPLES) > 0 && run.config().get(EVERY) > 0
                && run.estimator().family().hasDensity() ? List.of(CURVE) : List.of();
    }

    @Override
    public void measure(RunContext run, Values out) throws java.io.InterruptedIOException {
        long[] points = TrainingSettings.evaluation(run.config()).steps();
        int index = java.util.Arrays.binarySearch(points, run.step()) + 1;
        if (index < 1 || index % run.config().get(EVERY) != 0 && index != points.length) {
            return;
        }
        try {
            out.put(NAME, run.importanceWeightedBound(run.config().get(IwBound.SAMPLES),
                    run.stream(NAME)));
        } catch (UnsupportedOperationException e) {
            // no density: specs() already left the metric out
        }
    }
}

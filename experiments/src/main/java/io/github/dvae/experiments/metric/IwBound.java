package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import io.github.dvae.reports.store.Setting;
import java.util.List;

/**
 * The importance-weighted bound on {@code log p(x)} (Burda et al. 2016) after the last epoch,
 * {@code log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x)} with K posterior samples per test image,
 * averaged over the test set, and the wall time it took. Only when {@link #SAMPLES} is set and
 * the latent family has a posterior density.
 */
public final class IwBound implements RunMetric {

    /** K, posterior samples per test image; 0 (the neutral value): not computed. */
    public static final Setting<Integer> SAMPLES = Setting.integer("iw-samples",
            "posterior samples K of the bound on log p(x) (0: off)", 0);

    /** The bound's name in the store. */
    public static final String NAME = "iw-bound";

    /** The name of its wall time in the store. */
    public static final String SECONDS = "iw-bound-seconds";

    private static final MetricSpec BOUND = new MetricSpec(NAME, "test log p(x) >= (IW)",
            "nats per example", Schedule.FINAL, false, true, MetricSpec.Direction.HIGHER,
            "The importance-weighted bound on log p(x) with K posterior samples per test image "
            + "after the last epoch, over the whole test set; below log p(x) and, in "
            + "expectation, above the ELBO.");

    private static final MetricSpec TIME = new MetricSpec(SECONDS, "IW bound time", "seconds",
            Schedule.FINAL, false, false, MetricSpec.Direction.LOWER,
            "Wall time of the bound (K decoder passes per test image).");

    @Override
    public List<MetricSpec> specs(RunContext run) {
        return run.config().get(SAMPLES) > 0 && run.estimator().family().hasDensity()
                ? List.of(BOUND, TIME) : List.of();
    }

    @Override
    public void measure(RunContext run, Values out) throws java.io.InterruptedIOException {
        long start = System.nanoTime();
        double bound;
        try {
            bound = run.importanceWeightedBound(run.config().get(SAMPLES), run.stream(NAME));
        } catch (UnsupportedOperationException e) {
            return; // "not available", as for a family that says so up front
        }
        out.put(NAME, bound);
        out.put(SECONDS, (System.nanoTime() - start) / 1e9);
    }
}

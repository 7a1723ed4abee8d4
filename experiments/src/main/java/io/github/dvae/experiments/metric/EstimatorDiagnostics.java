package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an estimator reports about itself at the end of each epoch (the annealed temperature,
 * REBAR's eta and lambda, a baseline, VQ-VAE's codebook perplexity and usage), one metric per
 * quantity, named {@code estimator.<quantity>}. The report shows a quantity that never changed
 * as a table row, and one that did as a figure.
 */
public final class EstimatorDiagnostics implements RunMetric {

    /** The prefix of every diagnostic's name in the store. */
    public static final String PREFIX = "estimator.";

    @Override
    public List<MetricSpec> specs(RunContext run) {
        List<MetricSpec> out = new ArrayList<>();
        for (String quantity : run.estimator().diagnostics().keySet()) {
            out.add(new MetricSpec(name(quantity), quantity, "", Schedule.EPOCH, true, false,
                    MetricSpec.Direction.NONE, "What " + run.config().estimator()
                    + " reports about itself: " + quantity + ", at the end of each epoch."));
        }
        return out;
    }

    @Override
    public void measure(RunContext run, Values out) {
        for (Map.Entry<String, Double> e : run.estimator().diagnostics().entrySet()) {
            out.put(name(e.getKey()), e.getValue());
        }
    }

    private static String name(String quantity) {
        return PREFIX + RunConfig.slug(quantity);
    }
}

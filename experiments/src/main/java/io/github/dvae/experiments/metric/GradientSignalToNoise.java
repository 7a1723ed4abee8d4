package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.MetricSpec;
import java.util.OptionalDouble;

/**
 * Mean over the encoder's parameters of |mean| / std of the M estimates.
 */
public final class GradientSignalToNoise extends ProbeMetric {

    /** Its name in the store. */
    public static final String NAME = "snr";

    public GradientSignalToNoise() {
        super(NAME, "gradient SNR", "", false, true, MetricSpec.Direction.HIGHER,
                "Mean over the encoder's parameters of |mean| / std of the M estimates.");
    }

    @Override
    protected OptionalDouble of(GradientVarianceProbe.Measurement probe) {
        return OptionalDouble.of(probe.moments().parameters().meanSignalToNoise());
    }
}

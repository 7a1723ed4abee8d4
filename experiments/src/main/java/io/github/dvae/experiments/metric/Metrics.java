package io.github.dvae.experiments.metric;

import java.util.List;
import java.util.ServiceLoader;

/** The metrics found on the class path, in the order of their services files. */
public final class Metrics {

    private Metrics() {
    }

    /** Every {@link RunMetric} listed in a {@code META-INF/services} file, in order. */
    public static List<RunMetric> discovered() {
        return ServiceLoader.load(RunMetric.class, RunMetric.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }
}

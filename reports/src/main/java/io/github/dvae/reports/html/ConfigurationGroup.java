package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.StoredRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The complete runs of one configuration, one per seed: what a row of the report's table and a
 * curve of its figures summarise.
 *
 * @param label the configuration's name in the report (unique within one report)
 * @param key the configuration without its seed ({@link RunConfig#withoutSeed()})
 * @param runs the complete runs, sorted by seed
 */
public record ConfigurationGroup(String label, RunConfig key, List<StoredRun> runs) {

    public ConfigurationGroup {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a configuration group needs at least one run");
        }
        runs = runs.stream().sorted(Comparator.comparingLong(r -> r.config().seed())).toList();
    }

    /**
     * Groups complete runs by configuration. Labels that several configurations share (the same
     * estimator run with other epochs, say) get the settings that tell them apart appended.
     */
    public static List<ConfigurationGroup> of(List<StoredRun> runs) {
        Map<RunConfig, List<StoredRun>> byKey = new LinkedHashMap<>();
        for (StoredRun r : runs) {
            if (r.complete()) {
                byKey.computeIfAbsent(r.config().withoutSeed(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, List<RunConfig>> byLabel = new TreeMap<>();
        for (Map.Entry<RunConfig, List<StoredRun>> e : byKey.entrySet()) {
            byLabel.computeIfAbsent(e.getValue().get(0).config().label(), l -> new ArrayList<>())
                    .add(e.getKey());
        }
        List<ConfigurationGroup> out = new ArrayList<>();
        for (Map.Entry<RunConfig, List<StoredRun>> e : byKey.entrySet()) {
            String label = e.getValue().get(0).config().label();
            List<RunConfig> namesakes = byLabel.get(label);
            if (namesakes.size() > 1) {
                label = label + " (" + distinguishing(e.getKey(), namesakes) + ")";
            }
            out.add(new ConfigurationGroup(label, e.getKey(), e.getValue()));
        }
        out.sort(Comparator.comparing(ConfigurationGroup::label));
        return List.copyOf(out);
    }

    private static String distinguishing(RunConfig config, List<RunConfig> namesakes) {
        Map<String, String> mine = settings(config);
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : mine.entrySet()) {
            boolean differs = namesakes.stream()
                    .anyMatch(o -> !e.getValue().equals(settings(o).get(e.getKey())));
            if (differs) {
                parts.add(e.getKey() + "=" + e.getValue());
            }
        }
        return parts.isEmpty() ? config.runId() : String.join(", ", parts);
    }

    /**
     * A configuration's settings by name, as shown in the report: the estimator, its options
     * (prefixed by the estimator's id), whether it is unbiased, and every other setting; the
     * seed and run id are not settings.
     */
    public static Map<String, String> settings(RunConfig c) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("estimator", c.estimator());
        c.options().forEach((k, v) -> s.put(c.estimator() + "." + k, v));
        s.put("unbiased", Boolean.toString(c.unbiased()));
        s.putAll(c.settings());
        return s;
    }

    /** Number of seeds. */
    public int n() {
        return runs.size();
    }

    /**
     * The seeds' values of a metric's last measurement, of the runs that measured it only (a
     * diverged run's NaN included).
     */
    public double[] lastValues(MetricSpec metric) {
        return runs.stream().map(r -> r.last(metric)).filter(java.util.OptionalDouble::isPresent)
                .mapToDouble(java.util.OptionalDouble::getAsDouble).toArray();
    }

    /**
     * A metric's last value over the seeds that measured it (mean and 95% interval); empty if
     * none did.
     */
    public Optional<Interval> last(MetricSpec metric) {
        double[] values = lastValues(metric);
        return values.length == 0 ? Optional.empty() : Optional.of(Interval.of(values));
    }

    /** A quantity of the runs themselves (wall time, say), over seeds. */
    public Interval perRun(ToDoubleFunction<StoredRun> metric) {
        return Interval.of(runs.stream().mapToDouble(metric).toArray());
    }

    /** Whether any run of this configuration measured {@code metric}. */
    public boolean measured(MetricSpec metric) {
        return lastValues(metric).length > 0 || !curve(metric, Axis.EPOCH).finitePoints(false)
                .isEmpty();
    }

    /**
     * A metric along training against {@code axis}: at each epoch or probe, the mean over the
     * seeds that measured it there, at the mean x of those seeds. Metrics measured once have no
     * curve (an empty one).
     */
    public Curve curve(MetricSpec metric, Axis axis) {
        // Points are keyed by step: the seeds of a configuration share their steps, at epoch
        // ends as at a step schedule's points.
        Map<Long, List<double[]>> byPoint = new TreeMap<>();
        for (StoredRun r : runs) {
            switch (metric.schedule()) {
                case EPOCH -> {
                    for (EpochRecord e : r.epochs()) {
                        add(byPoint, e.step(), x(axis, e.epoch(), e.step(), e.elapsedSeconds()),
                                e.value(metric.name()));
                    }
                }
                case PROBE -> {
                    for (ProbeRecord p : r.probes()) {
                        add(byPoint, p.step(), x(axis, p.epoch(), p.step(), p.elapsedSeconds()),
                                p.value(metric.name()));
                    }
                }
                case FINAL -> {
                    // measured once: no curve
                }
            }
        }
        List<Double> xs = new ArrayList<>();
        List<Interval> ys = new ArrayList<>();
        byPoint.forEach((point, pairs) -> {
            xs.add(pairs.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN));
            ys.add(Interval.of(pairs.stream().mapToDouble(p -> p[1]).toArray()));
        });
        return new Curve(xs, ys);
    }

    private static void add(Map<Long, List<double[]>> byPoint, long point, double x,
            double value) {
        if (!Double.isNaN(value)) {
            byPoint.computeIfAbsent(point, k -> new ArrayList<>()).add(new double[] {x, value});
        }
    }

    private static double x(Axis axis, int epoch, long step, double seconds) {
        return switch (axis) {
            case EPOCH -> epoch;
            case STEP -> step;
            case SECONDS -> seconds;
        };
    }
}

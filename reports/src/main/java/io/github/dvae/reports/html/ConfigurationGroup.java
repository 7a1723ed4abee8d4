package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.StoredRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The complete runs of one configuration, one per seed: what a row of the report's table and a
 * curve of its charts summarise.
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
     * A configuration's settings by name, as shown in the report, options of the estimator
     * included (prefixed by the estimator's id); the seed and run id are not settings.
     */
    public static Map<String, String> settings(RunConfig c) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("estimator", c.estimator());
        c.options().forEach((k, v) -> s.put(c.estimator() + "." + k, v));
        s.put("unbiased", Boolean.toString(c.unbiased()));
        s.put("architecture", c.architecture());
        s.put("data", c.data());
        s.put("data seed", Long.toString(c.dataSeed()));
        s.put("binarisation", c.binarisation());
        s.put("train examples", Integer.toString(c.trainExamples()));
        s.put("test examples", Integer.toString(c.testExamples()));
        s.put("epochs", Integer.toString(c.epochs()));
        s.put("batch size", Integer.toString(c.batchSize()));
        s.put("learning rate", Double.toString(c.learningRate()));
        RunConfig.ProbeSettings p = c.probe();
        s.put("variance probe", p.enabled() ? "every " + p.every() + " epochs, M = "
                + p.estimates() + ", batch " + p.batchSize() + ", reference " + p.reference()
                : "off");
        s.put("images", Integer.toString(c.imageCount()));
        s.put("IW samples", c.iwBoundRequested() ? Integer.toString(c.iwSamples()) : "off");
        return s;
    }

    /** Number of seeds. */
    public int n() {
        return runs.size();
    }

    /** Test ELBO after the last epoch, over seeds. */
    public Interval finalTestElbo() {
        return last(EpochRecord::testElbo);
    }

    /** A metric of the last epoch, over seeds. */
    public Interval last(ToDoubleFunction<EpochRecord> metric) {
        return Interval.of(runs.stream()
                .filter(r -> !r.epochs().isEmpty())
                .mapToDouble(r -> metric.applyAsDouble(r.epochs().get(r.epochs().size() - 1)))
                .toArray());
    }

    /**
     * The importance-weighted bound on {@code log p(x)} after the last epoch (nats per example),
     * over the seeds whose runs computed it; empty when none did (turned off, or a latent family
     * without a posterior density).
     */
    public java.util.Optional<Interval> iwBound() {
        double[] values = runs.stream().map(r -> r.summary().testIwBound())
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return values.length == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(Interval.of(values));
    }

    /** A metric of the runs' summaries, over seeds. */
    public Interval perRun(ToDoubleFunction<StoredRun> metric) {
        return Interval.of(runs.stream().mapToDouble(metric).toArray());
    }

    /** An epoch metric along training, over the seeds that reached each epoch. */
    public Curve epochCurve(ToDoubleFunction<EpochRecord> metric) {
        return curve(StoredRun::epochs, EpochRecord::epoch, metric);
    }

    /** A probe metric along training, over the seeds probed at each epoch. */
    public Curve probeCurve(ToDoubleFunction<ProbeRecord> metric) {
        return curve(StoredRun::probes, ProbeRecord::epoch, metric);
    }

    /** Whether any run recorded a variance probe. */
    public boolean probed() {
        return runs.stream().anyMatch(r -> !r.probes().isEmpty());
    }

    private <T> Curve curve(Function<StoredRun, List<T>> records, Function<T, Integer> epochOf,
            ToDoubleFunction<T> metric) {
        Map<Integer, List<Double>> byEpoch = new TreeMap<>();
        for (StoredRun r : runs) {
            for (T rec : records.apply(r)) {
                byEpoch.computeIfAbsent(epochOf.apply(rec), e -> new ArrayList<>())
                        .add(metric.applyAsDouble(rec));
            }
        }
        List<Integer> x = new ArrayList<>();
        List<Interval> y = new ArrayList<>();
        byEpoch.forEach((epoch, values) -> {
            x.add(epoch);
            y.add(Interval.of(values.stream().mapToDouble(Double::doubleValue).toArray()));
        });
        return new Curve(x, y);
    }
}

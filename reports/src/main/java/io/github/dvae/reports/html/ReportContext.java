package io.github.dvae.reports.html;

import io.github.dvae.reports.figure.Figure;
import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What every section of one report shares: the store's runs grouped by configuration, the
 * metrics they recorded, the report's options, a colour per configuration, the caption text that
 * states the setting, and the directory files are written to. Sections mark the metrics they
 * show as claimed, so that the generic section after them draws only the rest. Used by one
 * thread, for one report.
 */
public final class ReportContext {

    private final ResultsStore store;
    private final Path directory;
    private final List<StoredRun> runs;
    private final List<ConfigurationGroup> groups;
    private final ReportOptions options;
    private final Map<String, MetricSpec> metrics = new LinkedHashMap<>();
    private final Map<String, Integer> colours = new LinkedHashMap<>();
    private final Set<String> claimed = new TreeSet<>();

    ReportContext(ResultsStore store, Path directory, List<StoredRun> runs,
            ReportOptions options) {
        this.store = store;
        this.directory = directory;
        this.runs = List.copyOf(runs);
        this.groups = ConfigurationGroup.of(runs);
        // A run's "evaluation" setting (experiments' TrainingSettings.EVALUATION) names its
        // schedule; log-spaced points crowd a linear axis into its right edge.
        boolean logSchedule = runs.stream().anyMatch(r -> r.config().settings()
                .getOrDefault("evaluation", "").startsWith("log:"));
        this.options = logSchedule ? options.withLogSteps() : options;
        for (StoredRun r : runs) {
            if (r.complete()) {
                r.metrics().forEach(m -> metrics.putIfAbsent(m.name(), m));
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            colours.put(groups.get(i).label(), i);
        }
    }

    /** The store the report is of. */
    public ResultsStore store() {
        return store;
    }

    /** Every run of the store, complete or not, by label then seed. */
    public List<StoredRun> runs() {
        return runs;
    }

    /** The complete runs by configuration, by label. */
    public List<ConfigurationGroup> groups() {
        return groups;
    }

    /**
     * What the report shows: the options asked for, with a log10 step axis when a run was
     * evaluated on a logarithmic schedule.
     */
    public ReportOptions options() {
        return options;
    }

    /** Every metric a complete run recorded, in the order runs list them, by name. */
    public List<MetricSpec> metrics() {
        return List.copyOf(metrics.values());
    }

    /** The metric called {@code name}, if a complete run recorded it. */
    public Optional<MetricSpec> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /** The colour index of configuration {@code label}, the same in every figure. */
    public Map<String, Integer> colours() {
        return Collections.unmodifiableMap(colours);
    }

    /** Marks metrics as shown by the calling section. */
    public void claim(String... names) {
        Collections.addAll(claimed, names);
    }

    /** Whether a section has already shown metric {@code name}. */
    public boolean claimed(String name) {
        return claimed.contains(name);
    }

    /**
     * The setting every figure's caption states: the settings all configurations share (data,
     * architecture, budget), seeds per configuration, and what the intervals are.
     */
    public String setting() {
        Map<String, String> shared = null;
        for (ConfigurationGroup g : groups) {
            Map<String, String> s = new LinkedHashMap<>(g.key().settings());
            if (shared == null) {
                shared = s;
            } else {
                shared.entrySet().removeIf(e -> !e.getValue().equals(s.get(e.getKey())));
            }
        }
        Set<Integer> seeds = groups.stream().map(ConfigurationGroup::n)
                .collect(Collectors.toCollection(TreeSet::new));
        String settings = shared == null || shared.isEmpty() ? "" : "Setting: " + shared
                .entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ". ";
        return settings + "Seeds per configuration: " + seeds.stream().map(String::valueOf)
                .collect(Collectors.joining("/")) + "; mean over seeds with a 95% Student-t "
                + "interval.";
    }

    /** Writes {@code figure}'s files and returns its HTML. */
    public String figure(Figure figure) throws IOException {
        return figure.writeTo(directory);
    }

    /**
     * Writes a file of the report (a table as CSV or LaTeX, an image grid), atomically. The page
     * must link it: a rebuild removes the files the previous page referenced and this one does
     * not.
     */
    public void write(String name, byte[] content) throws IOException {
        AtomicFiles.write(directory.resolve(name), content);
    }
}

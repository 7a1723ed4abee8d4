package io.github.dvae.reports.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A results store on disk: a directory of runs, each in its own directory.
 *
 * <pre>
 * root/runs/&lt;run id&gt;/config.json       RunConfig, written atomically when the run starts
 *                      environment.json  RunEnvironment, likewise
 *                      metrics.json      the MetricSpec of every metric the run measures, likewise
 *                      epochs.jsonl      one EpochRecord per line, appended and flushed per epoch
 *                      probes.jsonl      one ProbeRecord per line (only with the variance probe)
 *                      images.json       RunImages, written atomically after the last epoch
 *                      summary.json      RunSummary, written atomically last: the run is complete
 * </pre>
 *
 * <p>A run directory without {@code summary.json} is incomplete; {@link #start} wipes it and begins
 * again. Different runs touch different directories, so runs may be written in parallel; one run
 * must have one writer at a time.
 */
public final class ResultsStore {

    static final String RUNS = "runs";
    static final String CONFIG = "config.json";
    static final String ENVIRONMENT = "environment.json";
    static final String METRICS = "metrics.json";
    static final String EPOCHS = "epochs.jsonl";
    static final String PROBES = "probes.jsonl";
    static final String IMAGES = "images.json";
    static final String SUMMARY = "summary.json";

    private final Path root;

    private ResultsStore(Path root) {
        this.root = root;
    }

    /** The store at {@code root}, which need not exist yet. */
    public static ResultsStore at(Path root) {
        return new ResultsStore(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /** The directory of run {@code runId}. */
    public Path runDirectory(String runId) {
        if (runId.isEmpty() || runId.contains("/") || runId.contains("\\") || runId.startsWith(".")) {
            throw new IllegalArgumentException("run id '" + runId + "' cannot name a directory");
        }
        return root.resolve(RUNS).resolve(runId);
    }

    /** Whether run {@code runId} is absent, incomplete or complete. */
    public RunState state(String runId) {
        Path dir = runDirectory(runId);
        if (Files.isRegularFile(dir.resolve(SUMMARY))) {
            return RunState.COMPLETE;
        }
        return Files.isDirectory(dir) ? RunState.INCOMPLETE : RunState.ABSENT;
    }

    /**
     * Starts (or restarts) a run: removes whatever an earlier, incomplete attempt left, then writes
     * the configuration and environment.
     *
     * @throws IllegalStateException if the run is complete, or if its directory holds another
     *     configuration
     */
    public RunWriter start(RunConfig config, RunEnvironment environment, List<MetricSpec> metrics)
            throws IOException {
        Path dir = runDirectory(config.runId());
        if (state(config.runId()) == RunState.COMPLETE) {
            throw new IllegalStateException("run " + config.runId() + " is already complete in "
                    + root);
        }
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
            RunConfig earlier = readConfig(dir.resolve(CONFIG));
            if (!earlier.withLabel("").equals(config.withLabel(""))) {
                throw new IllegalStateException("run directory " + dir + " holds another "
                        + "configuration; remove it or choose another store");
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(CONFIG), StoreJson.document(config));
        AtomicFiles.write(dir.resolve(ENVIRONMENT), StoreJson.document(environment));
        AtomicFiles.write(dir.resolve(METRICS), StoreJson.document(new MetricCatalogue(metrics)));
        return new RunWriter(dir);
    }

    /** Every run with a configuration in the store, sorted by label, then seed. */
    public List<StoredRun> runs() {
        Path runs = root.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<StoredRun> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (Files.isRegularFile(dir.resolve(CONFIG))) {
                    out.add(read(dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
        out.sort(Comparator.comparing((StoredRun r) -> r.config().label())
                .thenComparingLong(r -> r.config().seed())
                .thenComparing(r -> r.config().runId()));
        return List.copyOf(out);
    }

    /** Run {@code runId} as stored. */
    public StoredRun read(String runId) {
        return read(runDirectory(runId));
    }

    private static StoredRun read(Path dir) {
        RunConfig config = readConfig(dir.resolve(CONFIG));
        RunEnvironment env = readOptional(dir.resolve(ENVIRONMENT), RunEnvironment.class);
        List<EpochRecord> epochs = readLines(dir.resolve(EPOCHS), EpochRecord.class,
                LegacyFormat::isLegacyRecord, LegacyFormat::epoch);
        List<ProbeRecord> probes = readLines(dir.resolve(PROBES), ProbeRecord.class,
                LegacyFormat::isLegacyRecord, LegacyFormat::probe);
        RunImages images = readOptional(dir.resolve(IMAGES), RunImages.class);
        RunSummary summary = Files.isRegularFile(dir.resolve(SUMMARY))
                ? readUpgraded(dir.resolve(SUMMARY), RunSummary.class,
                        LegacyFormat::isLegacySummary, LegacyFormat::summary)
                : null;
        List<MetricSpec> metrics = Files.isRegularFile(dir.resolve(METRICS))
                ? readDocument(dir.resolve(METRICS), MetricCatalogue.class).metrics()
                : LegacyFormat.specs(epochs);
        return new StoredRun(config, env, metrics, epochs, probes, images, summary);
    }

    private static RunConfig readConfig(Path file) {
        return readUpgraded(file, RunConfig.class, LegacyFormat::isLegacyConfig,
                LegacyFormat::config);
    }

    /** Reads a document, rewriting it first if {@code legacy} says it has an older shape. */
    private static <T> T readUpgraded(Path file, Class<T> type, Predicate<JsonNode> legacy,
            UnaryOperator<JsonNode> upgrade) {
        try {
            JsonNode tree = StoreJson.tree(Files.readAllBytes(file));
            return StoreJson.bind(legacy.test(tree) ? upgrade.apply(tree) : tree, type);
        } catch (NoSuchFileException e) {
            throw new StoreFormatException("no such file: " + file, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreFormatException(file + " is not a readable " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static <T> T readOptional(Path file, Class<T> type) {
        return Files.isRegularFile(file) ? readDocument(file, type) : null;
    }

    static <T> T readDocument(Path file, Class<T> type) {
        try {
            return StoreJson.read(Files.readAllBytes(file), type);
        } catch (NoSuchFileException e) {
            throw new StoreFormatException("no such file: " + file, e);
        } catch (IOException e) {
            throw new StoreFormatException(file + " is not a readable " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON-lines file. A last line without its line break is a write the process did not
     * finish (killed mid-epoch): it is dropped. Any other unreadable line is an error.
     */
    static <T> List<T> readLines(Path file, Class<T> type) {
        return readLines(file, type, tree -> false, UnaryOperator.identity());
    }

    /** The same, rewriting lines of an older shape ({@code legacy}) with {@code upgrade}. */
    static <T> List<T> readLines(Path file, Class<T> type, Predicate<JsonNode> legacy,
            UnaryOperator<JsonNode> upgrade) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean tornTail = !text.isEmpty() && !text.endsWith("\n");
        String[] lines = text.split("\n");
        List<T> out = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode tree = StoreJson.tree(lines[i]);
                out.add(StoreJson.bind(legacy.test(tree) ? upgrade.apply(tree) : tree, type));
            } catch (IOException | IllegalArgumentException e) {
                if (tornTail && i == lines.length - 1) {
                    break;
                }
                throw new StoreFormatException(file + " line " + (i + 1) + " is not a "
                        + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}

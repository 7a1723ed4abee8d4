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
import java.util.Optional;
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
 *                      basket.jsonl      one BasketRecord per estimator and probe (a basket's reference run)
 *                      images.json       RunImages, written atomically after the last epoch
 *                      summary.json      RunSummary, written atomically last: the run is complete
 * </pre>
 *
 * <p>A run is complete when its {@code summary.json} can be read and the run's files are what
 * it states ({@link RunContents}: record counts, byte lengths, SHA-256); a run whose summary is
 * unreadable or contradicted is {@link RunState#DAMAGED}, which a rerun redoes like an
 * incomplete one and a report lists, naming the file. A process writes a run only while it holds
 * the run's {@link RunClaim} (an operating-system lock that dies with the process, in
 * {@code root/locks/}), so several processes may share a store: each trains the runs it claims,
 * and none wipes another's.
 */
public final class ResultsStore {

    static final String RUNS = "runs";
    static final String CONFIG = "config.json";
    static final String ENVIRONMENT = "environment.json";
    static final String METRICS = "metrics.json";
    static final String EPOCHS = "epochs.jsonl";
    static final String PROBES = "probes.jsonl";
    static final String BASKET = "basket.jsonl";
    static final String IMAGES = "images.json";
    static final String SUMMARY = "summary.json";
    static final String LOCKS = "locks";

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

    /** Whether run {@code runId} is absent, incomplete, damaged or complete. */
    public RunState state(String runId) {
        Path dir = runDirectory(runId);
        if (!Files.isDirectory(dir)) {
            return RunState.ABSENT;
        }
        if (!Files.exists(dir.resolve(SUMMARY))) {
            return RunState.INCOMPLETE;
        }
        return damage(dir) == null ? RunState.COMPLETE : RunState.DAMAGED;
    }

    /**
     * Why run {@code runId} is not complete although it has a summary, naming the file; null if
     * it has no summary or is complete.
     */
    public String damage(String runId) {
        Path dir = runDirectory(runId);
        return Files.exists(dir.resolve(SUMMARY)) ? damage(dir) : null;
    }

    private static String damage(Path dir) {
        try {
            RunSummary summary = readSummary(dir.resolve(SUMMARY));
            return damage(dir, summary, summary.contents() == null ? readEpochs(dir).size()
                    : -1, -1);
        } catch (StoreFormatException e) {
            return e.getMessage();
        }
    }

    /**
     * Why {@code dir}'s files contradict {@code summary}, naming the file; null if they do not.
     * Counts of parsed records are checked when given (not negative).
     */
    private static String damage(Path dir, RunSummary summary, int epochRecords,
            int probeRecords) {
        RunContents contents = summary.contents();
        if (contents == null) { // a store written before summaries stated their contents
            return epochRecords == summary.epochs() ? null : dir.resolve(EPOCHS) + " holds "
                    + epochRecords + " epoch records; " + SUMMARY + " says " + summary.epochs();
        }
        String mismatch = contents.mismatch(dir);
        if (mismatch != null) {
            return dir + java.io.File.separator + mismatch;
        }
        // A step-budget run records at its evaluation points, not once per epoch, so the count
        // is checked against the contents the writer stated (whose bytes are hashed), not epochs.
        if (epochRecords >= 0 && epochRecords != contents.epochRecords()) {
            return dir.resolve(EPOCHS) + " holds " + epochRecords
                    + " readable evaluation records; " + SUMMARY + " says "
                    + contents.epochRecords();
        }
        if (probeRecords >= 0 && probeRecords != contents.probeRecords()) {
            return dir.resolve(PROBES) + " holds " + probeRecords + " readable probe records; "
                    + SUMMARY + " says " + contents.probeRecords();
        }
        return null;
    }

    /**
     * Claims run {@code runId} for this process if no process holds it: until the claim is
     * closed, no other process starts, wipes or completes the run. Empty if it is held.
     */
    public Optional<RunClaim> claim(String runId) throws IOException {
        return RunClaim.tryClaim(lockFile(runId), runId);
    }

    /**
     * Claims run {@code runId} for this process, waiting while another process holds it (until
     * that process releases it or dies).
     *
     * @throws java.nio.channels.FileLockInterruptionException if the thread is interrupted
     *     while it waits
     */
    public RunClaim awaitClaim(String runId) throws IOException {
        return RunClaim.claim(lockFile(runId), runId);
    }

    /**
     * Who holds run {@code runId}'s claim ("process 1234 (since ...)"), for a message; call only
     * after {@link #claim} returned empty.
     */
    public String claimHolder(String runId) {
        return RunClaim.holder(lockFile(runId));
    }

    private Path lockFile(String runId) {
        runDirectory(runId); // checks the id
        return root.resolve(LOCKS).resolve(runId + ".lock");
    }

    /**
     * Starts (or restarts) a run under {@code claim}: removes whatever an earlier attempt left
     * (incomplete or damaged), then writes the configuration and environment. The writer owns
     * the claim from then on and releases it when closed.
     *
     * @throws IllegalStateException if the claim is not this run's or no longer held, if the
     *     run is complete, or if its directory holds another configuration
     */
    public RunWriter start(RunClaim claim, RunConfig config, RunEnvironment environment,
            List<MetricSpec> metrics) throws IOException {
        if (!claim.runId().equals(config.runId()) || !claim.held()) {
            throw new IllegalStateException("run " + config.runId() + " must be claimed before "
                    + "it is written");
        }
        Path dir = runDirectory(config.runId());
        if (state(config.runId()) == RunState.COMPLETE) {
            throw new IllegalStateException("run " + config.runId() + " is already complete in "
                    + root);
        }
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
            RunConfig earlier;
            try {
                earlier = readConfig(dir.resolve(CONFIG));
            } catch (StoreFormatException e) {
                earlier = null; // damaged; the directory's name is this run's, so it is redone
            }
            if (earlier != null && !earlier.withLabel("").equals(config.withLabel(""))) {
                throw new IllegalStateException("run directory " + dir + " holds another "
                        + "configuration; remove it or choose another store");
            }
        }
        if (Files.isDirectory(dir)) {
            // The summary first: from then on the run reads as incomplete, whatever survives.
            Files.deleteIfExists(dir.resolve(SUMMARY));
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
        return new RunWriter(dir, claim);
    }

    /**
     * {@link #claim Claims} the run, then {@link #start(RunClaim, RunConfig, RunEnvironment,
     * List) starts} it.
     *
     * @throws IllegalStateException if another process holds the run, or as the other form
     */
    public RunWriter start(RunConfig config, RunEnvironment environment,
            List<MetricSpec> metrics) throws IOException {
        RunClaim claim = claim(config.runId()).orElseThrow(() -> new IllegalStateException(
                "run " + config.runId() + " is being written by " + claimHolder(config.runId())));
        try {
            return start(claim, config, environment, metrics);
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /**
     * Every run with a readable configuration, sorted by label, then seed; a run whose other
     * files cannot be read or contradict its summary comes with its {@link StoredRun#damage()}.
     */
    public List<StoredRun> runs() {
        List<StoredRun> out = new ArrayList<>();
        for (Path dir : runDirectories()) {
            if (Files.isRegularFile(dir.resolve(CONFIG))) {
                try {
                    out.add(read(dir));
                } catch (StoreFormatException e) {
                    // an unreadable configuration: listed by unreadableRuns()
                }
            }
        }
        out.sort(Comparator.comparing((StoredRun r) -> r.config().label())
                .thenComparingLong(r -> r.config().seed())
                .thenComparing(r -> r.config().runId()));
        return List.copyOf(out);
    }

    /** Why each run directory whose {@code config.json} cannot be read is unreadable. */
    public List<String> unreadableRuns() {
        List<String> out = new ArrayList<>();
        for (Path dir : runDirectories()) {
            if (Files.isRegularFile(dir.resolve(CONFIG))) {
                try {
                    readConfig(dir.resolve(CONFIG));
                } catch (StoreFormatException e) {
                    out.add(e.getMessage());
                }
            }
        }
        return out;
    }

    private List<Path> runDirectories() {
        Path runs = root.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
    }

    /**
     * The id under which this store holds the run {@code runId} names: {@code runId} itself, or
     * that of a stored run with the same seed and fingerprint (the id's end), which is the same
     * configuration under another label (its defaults written out, say).
     */
    public String storedRunId(String runId) {
        if (Files.isDirectory(runDirectory(runId))) {
            return runId;
        }
        int seed = runId.lastIndexOf("-seed");
        if (seed < 0) {
            return runId;
        }
        String suffix = runId.substring(seed);
        return runDirectories().stream().map(d -> d.getFileName().toString())
                .filter(name -> name.endsWith(suffix)).findFirst().orElse(runId);
    }

    /** Run {@code runId} as stored. */
    public StoredRun read(String runId) {
        return read(runDirectory(runId));
    }

    private static StoredRun read(Path dir) {
        RunConfig config = readConfig(dir.resolve(CONFIG));
        String damage = null;
        RunEnvironment env = null;
        List<EpochRecord> epochs = List.of();
        List<ProbeRecord> probes = List.of();
        List<BasketRecord> basket = List.of();
        List<MetricSpec> metrics = List.of();
        RunImages images = null;
        RunSummary summary = null;
        try {
            env = readOptional(dir.resolve(ENVIRONMENT), RunEnvironment.class);
            epochs = readEpochs(dir);
            probes = readLines(dir.resolve(PROBES), ProbeRecord.class,
                    LegacyFormat::isLegacyRecord, LegacyFormat::probe);
            basket = readLines(dir.resolve(BASKET), BasketRecord.class);
            images = readOptional(dir.resolve(IMAGES), RunImages.class);
            metrics = Files.isRegularFile(dir.resolve(METRICS))
                    ? readDocument(dir.resolve(METRICS), MetricCatalogue.class).metrics()
                    : LegacyFormat.specs(epochs);
        } catch (StoreFormatException e) {
            damage = e.getMessage();
        }
        try {
            summary = Files.exists(dir.resolve(SUMMARY)) ? readSummary(dir.resolve(SUMMARY))
                    : null;
        } catch (StoreFormatException e) {
            damage = e.getMessage();
        }
        if (summary != null && damage == null) {
            damage = damage(dir, summary, epochs.size(), probes.size());
        }
        return new StoredRun(config, env, metrics, epochs, probes, images, summary, damage,
                basket);
    }

    private static List<EpochRecord> readEpochs(Path dir) {
        return readLines(dir.resolve(EPOCHS), EpochRecord.class, LegacyFormat::isLegacyRecord,
                LegacyFormat::epoch);
    }

    private static RunSummary readSummary(Path file) {
        return readUpgraded(file, RunSummary.class, LegacyFormat::isLegacySummary,
                LegacyFormat::summary);
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
                    + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static <T> T readOptional(Path file, Class<T> type) {
        return Files.exists(file) ? readDocument(file, type) : null;
    }

    static <T> T readDocument(Path file, Class<T> type) {
        try {
            return StoreJson.read(Files.readAllBytes(file), type);
        } catch (NoSuchFileException e) {
            throw new StoreFormatException("no such file: " + file, e);
        } catch (IOException e) {
            throw new StoreFormatException(file + " is not a readable " + type.getSimpleName()
                    + ": " + firstLine(e.getMessage()), e);
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
                        + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
            }
        }
        return out;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

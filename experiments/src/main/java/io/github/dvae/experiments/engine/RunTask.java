package io.github.dvae.experiments.engine;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.DataSource;
import io.github.dvae.core.data.DataSplit;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.experiments.environment.BlasThreads;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.metric.Metrics;
import io.github.dvae.experiments.sweep.SweepPlan;
import io.github.dvae.experiments.training.RunListener;
import io.github.dvae.experiments.training.TrainingRun;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.BasketRecord;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunClaim;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.RunWriter;
import io.github.dvae.reports.store.StoreRecords;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run as a task that can execute on another machine: its input is the run's configuration as
 * a line of JSON, its output the whole stored run (configuration, environment, epochs, probes,
 * images, summary) as a line of JSON, so that a cluster needs no shared file system. The task
 * trains through {@link TrainingRun}, the local code path, into a private scratch store that it
 * deletes; the same configuration gives the same numbers wherever it runs.
 *
 * <p>Idempotent: a retried or speculative task only repeats the computation;
 * {@link #record} writes a run into the real store once, under its claim, and leaves a run that
 * is already complete untouched.
 */
public final class RunTask {

    private RunTask() {
    }

    /**
     * Trains the run {@code configJson} ({@link StoreRecords#line} of a {@link RunConfig}) with
     * its configuration's BLAS threads, and returns the stored run as one line of JSON.
     */
    public static String train(String configJson) throws IOException {
        RunConfig config = StoreRecords.read(configJson, RunConfig.class);
        VaeArchitecture architecture = VaeArchitecture.parse(
                config.get(TrainingSettings.ARCHITECTURE));
        Binarisation binarisation = Binarisation.parse(config.get(TrainingSettings.BINARISATION));
        DataSplit data = SweepPlan.split(new DataSource(config.get(TrainingSettings.DATA)),
                config.get(TrainingSettings.DATA_SEED),
                config.get(TrainingSettings.VALIDATION_EXAMPLES),
                config.get(TrainingSettings.TRAIN_EXAMPLES),
                config.get(TrainingSettings.TEST_EXAMPLES));
        int threads = Math.max(1, config.get(TrainingSettings.BLAS_THREADS));
        BlasThreads.limit(threads);
        Path scratch = Files.createTempDirectory("dvae-task-");
        try {
            ResultsStore store = ResultsStore.at(scratch);
            new TrainingRun(config, architecture, data, binarisation, new RunListener() {
            }, threads, Metrics.discovered()).execute(specs -> store.start(config,
                    EnvironmentCapture.read().at(Instant.now(), threads, 1), specs));
            StoredRun run = store.read(config.runId());
            if (!run.complete()) {
                throw new IOException("run " + config.runId() + " did not complete: "
                        + run.damage());
            }
            return StoreRecords.line(run);
        } finally {
            delete(scratch);
        }
    }

    /**
     * Writes a stored run that {@link #train} returned into {@code store}, unless the store
     * already holds it complete or another process holds its claim.
     *
     * @return whether it was written
     */
    public static boolean record(ResultsStore store, String runJson) throws IOException {
        StoredRun run = StoreRecords.read(runJson, StoredRun.class);
        String runId = run.config().runId();
        Optional<RunClaim> claim = store.claim(runId);
        if (claim.isEmpty()) {
            return false;
        }
        try (RunClaim c = claim.get()) {
            if (store.state(runId) == RunState.COMPLETE) {
                return false;
            }
            try (RunWriter writer = store.start(c, run.config(), run.environment(),
                    run.metrics())) {
                for (EpochRecord e : run.epochs()) {
                    writer.epoch(e);
                }
                for (ProbeRecord p : run.probes()) {
                    writer.probe(p);
                }
                for (BasketRecord b : run.basket()) {
                    writer.basket(b);
                }
                if (run.images() != null) {
                    writer.images(run.images());
                }
                writer.complete(run.summary());
            }
            return true;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package io.github.dvae.experiments.sweep;

import io.github.dvae.experiments.checkpoint.RunCheckpoint;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.metric.Metrics;
import io.github.dvae.experiments.metric.RunMetric;
import io.github.dvae.experiments.progress.SweepProgress;
import io.github.dvae.experiments.training.TrainingRun;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunClaim;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.RunSummary;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a plan's runs into a results store. A run the store holds complete is skipped; an
 * incomplete one continues from its checkpoint ({@link #checkpoint}) if it has one and restarts
 * from the beginning otherwise, as does a damaged one. Up to {@code jobs} runs train at
 * once, each on its own thread with its own model, estimator and random streams; the data set is
 * shared read-only. A failed run is reported and left incomplete; the others go on.
 *
 * <p>Several processes may run sweeps into one store: a run is trained only under its claim
 * ({@link ResultsStore#claim}), so no run is trained twice at once or wiped under its writer.
 * Runs another process holds are left to it while there is other work, then waited for: if it
 * completes them they count as {@link Outcome#elsewhere()}, if it dies this sweep trains them.
 * {@link #stop()} (Ctrl-C) interrupts the runs in progress, which save a checkpoint and stay
 * incomplete.
 */
public final class SweepRunner {

    /** The store's directory of run checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /**
     * What a sweep did.
     *
     * @param trained runs trained to completion now
     * @param skipped runs already complete in the store
     * @param elsewhere runs another process was training, complete when this sweep ended
     * @param failures runs that failed, with why
     * @param interrupted runs {@link #stop()} interrupted (incomplete in the store)
     * @param notStarted runs not begun because the sweep was stopped
     * @param wallSeconds the sweep's wall time
     */
    public record Outcome(int trained, int skipped, int elsewhere, List<Failure> failures,
            List<RunConfig> interrupted, List<RunConfig> notStarted, double wallSeconds) {

        public Outcome {
            failures = List.copyOf(failures);
            interrupted = List.copyOf(interrupted);
            notStarted = List.copyOf(notStarted);
        }
    }

    /** A run that failed, and its error. */
    public record Failure(RunConfig run, Throwable error) {
    }

    private final SweepPlan plan;
    private final ResultsStore store;
    private final int jobs;
    private final int blasThreads;
    private final EnvironmentCapture environment;
    private final SweepProgress progress;
    private final long checkpointEvery;
    private final List<RunMetric> metrics = Metrics.discovered();
    private volatile boolean stopped;
    private volatile ExecutorService pool;

    /**
     * @param jobs runs at once, at least 1
     * @param blasThreads BLAS threads each run was given, and the threads of its elementwise
     *     kernels (the two alternate, so runs x threads stays within the cores)
     */
    public SweepRunner(SweepPlan plan, ResultsStore store, int jobs, int blasThreads,
            EnvironmentCapture environment, SweepProgress progress) {
        this(plan, store, jobs, blasThreads, environment, progress, 0);
    }

    /**
     * As the other constructor, with each run checkpointed every {@code checkpointEvery} steps
     * (0: only when interrupted) in the store's {@code checkpoints} directory, from which a
     * rerun continues.
     */
    public SweepRunner(SweepPlan plan, ResultsStore store, int jobs, int blasThreads,
            EnvironmentCapture environment, SweepProgress progress, long checkpointEvery) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        }
        this.plan = plan;
        this.store = store;
        this.jobs = jobs;
        this.blasThreads = blasThreads;
        this.environment = environment;
        this.progress = progress;
        this.checkpointEvery = checkpointEvery;
    }

    /** The checkpoint of run {@code runId} in {@code store}, saved every {@code every} steps. */
    public static RunCheckpoint checkpoint(ResultsStore store, String runId, long every) {
        return RunCheckpoint.at(store.root().resolve(CHECKPOINTS).resolve(runId + ".checkpoint"),
                every);
    }

    /** The plan's runs, under the ids this store holds them by ({@link ResultsStore#storedRunId}). */
    public List<RunConfig> runs() {
        return plan.runs().stream().map(r -> r.withRunId(store.storedRunId(r.runId()))).toList();
    }

    /**
     * Stops the sweep from any thread: runs in progress are interrupted (they stay incomplete,
     * and a rerun restarts them), runs not begun are not begun; {@link #run} then returns.
     */
    public void stop() {
        stopped = true;
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow();
        }
    }

    /** Runs whatever the store does not hold complete; returns when every run has ended. */
    public Outcome run() throws InterruptedException {
        long start = System.nanoTime();
        List<RunConfig> runs = runs();
        List<RunConfig> pending = new ArrayList<>();
        for (RunConfig run : runs) {
            if (store.state(run.runId()) != RunState.COMPLETE) {
                pending.add(run);
            }
        }
        progress.begin(runs, pending.stream().mapToLong(SweepPlan::steps).sum());
        Tally tally = new Tally();
        for (RunConfig run : runs) {
            if (!pending.contains(run)) {
                progress.skipped(run);
                tally.skipped.incrementAndGet();
            }
        }
        List<RunConfig> held = Collections.synchronizedList(new ArrayList<>());
        phase(pending, false, tally, held);
        // Runs another process held: waited for now that nothing else is left.
        List<RunConfig> waited = runs.stream().filter(held::contains).toList();
        phase(waited, true, tally, held);
        progress.end();
        List<RunConfig> notStarted = pending.stream().filter(r -> !tally.ended.contains(r))
                .toList();
        return new Outcome(tally.trained.get(), tally.skipped.get(), tally.elsewhere.get(),
                tally.failures, tally.interrupted, notStarted,
                (System.nanoTime() - start) / 1e9);
    }

    /** Counts kept by the runs' threads. */
    private static final class Tally {
        final AtomicInteger trained = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger elsewhere = new AtomicInteger();
        final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        final List<RunConfig> interrupted = Collections.synchronizedList(new ArrayList<>());
        final List<RunConfig> ended = Collections.synchronizedList(new ArrayList<>());
    }

    private void phase(List<RunConfig> runs, boolean wait, Tally tally, List<RunConfig> held)
            throws InterruptedException {
        if (runs.isEmpty() || stopped) {
            return;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService p = Executors.newFixedThreadPool(Math.min(jobs, runs.size()), r -> {
            Thread t = new Thread(r, "dvae-run-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool = p;
        try {
            for (RunConfig run : runs) {
                try {
                    p.execute(() -> attempt(run, wait, tally, held));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    break; // stop() shut the pool meanwhile: the rest are not started
                }
            }
            p.shutdown();
            if (stopped) {
                p.shutdownNow(); // stop() came before this phase's pool was published
            }
            while (!p.awaitTermination(1, TimeUnit.SECONDS)) {
                // runs go on; stop() ends them through the pool
            }
        } finally {
            p.shutdownNow();
        }
    }

    private void attempt(RunConfig run, boolean wait, Tally tally, List<RunConfig> held) {
        if (stopped) {
            return;
        }
        try {
            Optional<RunClaim> claim = wait ? Optional.of(store.awaitClaim(run.runId()))
                    : store.claim(run.runId());
            if (claim.isEmpty()) {
                progress.heldElsewhere(run, store.claimHolder(run.runId()));
                held.add(run);
                return;
            }
            try (RunClaim c = claim.get()) {
                RunState state = store.state(run.runId());
                if (state == RunState.COMPLETE) {
                    progress.completedElsewhere(run);
                    tally.elsewhere.incrementAndGet();
                    tally.ended.add(run);
                    return;
                }
                if (state == RunState.DAMAGED) {
                    progress.redone(run, store.damage(run.runId()));
                }
                RunSummary summary = train(run, c);
                tally.trained.incrementAndGet();
                tally.ended.add(run);
                progress.finished(run, summary);
            }
        } catch (Exception | Error e) {
            if (stopped || e instanceof ClosedByInterruptException
                    || e instanceof FileLockInterruptionException
                    || e instanceof java.io.InterruptedIOException) {
                tally.interrupted.add(run);
                tally.ended.add(run);
                progress.interrupted(run);
            } else {
                tally.failures.add(new Failure(run, e));
                tally.ended.add(run);
                progress.failed(run, e);
            }
        }
    }

    private RunSummary train(RunConfig run, RunClaim claim) throws IOException {
        return new TrainingRun(run, plan.architecture(), plan.split(), plan.binarisation(),
                progress, blasThreads, metrics).execute(specs -> store.start(claim, run,
                        environment.at(Instant.now(), blasThreads, jobs), specs),
                        checkpoint(store, run.runId(), checkpointEvery));
    }
}

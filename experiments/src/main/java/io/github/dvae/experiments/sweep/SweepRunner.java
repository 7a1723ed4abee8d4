package io.github.dvae.experiments.sweep;

import io.github.dvae.experiments.metric.Metrics;
import io.github.dvae.experiments.metric.RunMetric;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.progress.SweepProgress;
import io.github.dvae.experiments.training.TrainingRun;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a plan's runs into a results store. A run the store holds complete is skipped; an
 * incomplete one (an earlier attempt was interrupted) is restarted from the beginning. Up to
 * {@code jobs} runs train at once, each on its own thread with its own model, estimator and random
 * streams; the data set is shared read-only. A failed run is reported and left incomplete; the
 * others go on.
 */
public final class SweepRunner {

    /**
     * What a sweep did.
     *
     * @param trained runs trained to completion now
     * @param skipped runs already complete in the store
     * @param failures runs that failed, with why
     * @param wallSeconds the sweep's wall time
     */
    public record Outcome(int trained, int skipped, List<Failure> failures, double wallSeconds) {

        public Outcome {
            failures = List.copyOf(failures);
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
    private final List<RunMetric> metrics = Metrics.discovered();

    /**
     * @param jobs runs at once, at least 1
     * @param blasThreads BLAS threads each run was given, and the threads of its elementwise
     *     kernels (the two alternate, so runs x threads stays within the cores)
     */
    public SweepRunner(SweepPlan plan, ResultsStore store, int jobs, int blasThreads,
            EnvironmentCapture environment, SweepProgress progress) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        }
        this.plan = plan;
        this.store = store;
        this.jobs = jobs;
        this.blasThreads = blasThreads;
        this.environment = environment;
        this.progress = progress;
    }

    /** Runs whatever the store does not hold complete; returns when every run has ended. */
    public Outcome run() throws InterruptedException {
        long start = System.nanoTime();
        List<RunConfig> pending = new ArrayList<>();
        for (RunConfig run : plan.runs()) {
            if (store.state(run.runId()) != RunState.COMPLETE) {
                pending.add(run);
            }
        }
        progress.begin(plan.runs(), pending.stream().mapToLong(SweepPlan::steps).sum());
        int skipped = 0;
        for (RunConfig run : plan.runs()) {
            if (!pending.contains(run)) {
                progress.skipped(run);
                skipped++;
            }
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs,
                Math.max(1, pending.size())), r -> {
                    Thread t = new Thread(r, "dvae-run-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        List<Future<?>> futures = new ArrayList<>();
        List<Failure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger trained = new AtomicInteger();
        try {
            for (RunConfig run : pending) {
                futures.add(pool.submit(() -> {
                    try {
                        RunSummary summary = train(run);
                        trained.incrementAndGet();
                        progress.finished(run, summary);
                    } catch (Exception | Error e) {
                        failures.add(new Failure(run, e));
                        progress.failed(run, e);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a run's task failed outside its own "
                            + "handler", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            progress.end();
        }
        return new Outcome(trained.get(), skipped, failures, (System.nanoTime() - start) / 1e9);
    }

    private RunSummary train(RunConfig run) throws java.io.IOException {
        return new TrainingRun(run, plan.architecture(), plan.data(), plan.binarisation(),
                progress, blasThreads, metrics).execute(specs -> store.start(run,
                        environment.at(Instant.now(), blasThreads, jobs), specs));
    }
}

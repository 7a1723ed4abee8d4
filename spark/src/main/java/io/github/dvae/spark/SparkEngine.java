package io.github.dvae.spark;

import io.github.dvae.experiments.engine.RunTask;
import io.github.dvae.experiments.engine.SweepEngine;
import io.github.dvae.experiments.sweep.SweepPlan;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.StoreRecords;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a sweep's pending runs as Spark tasks: one job per run, all submitted at once, so the
 * scheduler spreads them over the executors' cores and the driver records each run as soon as
 * its task returns. A task's BLAS threads are {@code spark.task.cpus}, set to the runs'
 * {@link TrainingSettings#BLAS_THREADS} so that a task never uses more cores than it was given.
 *
 * <p>Spark retries a failed task (a lost executor, a killed worker) and may run a speculative
 * copy; either way the job yields one result, and {@link RunTask#record} writes a run once, under
 * its claim, so a run is never duplicated or corrupted.
 */
public final class SparkEngine implements SweepEngine {

    @Override
    public String id() {
        return "spark";
    }

    @Override
    public int run(SweepPlan plan, ResultsStore store, String master, PrintWriter out)
            throws Exception {
        List<RunConfig> pending = new ArrayList<>();
        for (RunConfig r : plan.runs()) {
            RunConfig stored = r.withRunId(store.storedRunId(r.runId()));
            if (store.state(stored.runId()) != RunState.COMPLETE) {
                pending.add(stored);
            }
        }
        if (pending.isEmpty()) {
            return 0;
        }
        int taskCpus = Math.max(1, pending.get(0).get(TrainingSettings.BLAS_THREADS));
        SparkConf conf = new SparkConf().setAppName("dvae sweep")
                .setIfMissing("spark.master", master)
                .set("spark.task.cpus", Integer.toString(taskCpus))
                .setIfMissing("spark.task.maxFailures", "4")
                .setIfMissing("spark.ui.enabled", "false");
        int failed = 0;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            List<JavaFutureAction<List<String>>> jobs = new ArrayList<>();
            for (RunConfig r : pending) {
                jobs.add(spark.parallelize(List.of(StoreRecords.line(r)), 1)
                        .map(RunTask::train).collectAsync());
            }
            for (int i = 0; i < jobs.size(); i++) {
                RunConfig r = pending.get(i);
                try {
                    String result = jobs.get(i).get().get(0);
                    boolean written = RunTask.record(store, result);
                    out.printf(Locale.ROOT, "%s seed %d  %s%n", r.label(), r.seed(),
                            written ? "done" : "already complete");
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    out.printf(Locale.ROOT, "%s seed %d  failed: %s%n", r.label(), r.seed(),
                            e.getCause());
                }
                out.flush();
            }
        }
        return failed;
    }
}

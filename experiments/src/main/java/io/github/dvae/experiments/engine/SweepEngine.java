package io.github.dvae.experiments.engine;

import io.github.dvae.experiments.sweep.SweepPlan;
import io.github.dvae.reports.store.ResultsStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A plug-in that executes a sweep's runs somewhere else than this process's threads, registered in
 * {@code META-INF/services}. It trains every run of the plan that the store does not hold complete,
 * each through {@link RunTask#train}, and writes each result with {@link RunTask#record}, from
 * this process only.
 */
public interface SweepEngine {

    /** The engine's name for {@code --engine}. */
    String id();

    /**
     * Trains the plan's pending runs and records them in {@code store}.
     *
     * @param master where to run (the engine's own address syntax)
     * @param out told one line per run recorded
     * @return the number of runs that failed
     */
    int run(SweepPlan plan, ResultsStore store, String master, PrintWriter out) throws Exception;

    /** The engine registered under {@code id} on the class path, if any. */
    static Optional<SweepEngine> find(String id) {
        for (SweepEngine e : ServiceLoader.load(SweepEngine.class)) {
            if (e.id().equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}

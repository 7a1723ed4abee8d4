package io.github.dvae.experiments.progress;

import io.github.dvae.experiments.training.RunListener;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunSummary;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a sweep's progress. Every line names its run ({@code [ 3/10] label seed s}), so lines of
 * parallel runs can interleave and still be read. When {@code interactive} (a terminal), a status
 * line below them shows steps done and the time left, redrawn at most four times a second; in a
 * log it is left out, so logs hold only whole lines. Thread-safe: runs call it from their threads.
 */
public final class SweepProgress implements RunListener {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean interactive;
    private final Map<String, Integer> positions = new HashMap<>();
    private int runs;
    private long totalSteps;
    private long stepsDone;
    private long started;
    private long lastDraw;
    private int statusWidth;

    /**
     * @param out where lines go
     * @param interactive whether {@code out} is a terminal that can redraw a line in place
     */
    public SweepProgress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** The sweep starts: its runs in order (for their numbers) and the steps still to train. */
    public synchronized void begin(List<RunConfig> all, long stepsToTrain) {
        for (int i = 0; i < all.size(); i++) {
            positions.put(all.get(i).runId(), i + 1);
        }
        runs = all.size();
        totalSteps = stepsToTrain;
        started = System.nanoTime();
    }

    /** A run is complete in the store already and will not run again. */
    public synchronized void skipped(RunConfig run) {
        line(run, "complete in the store, skipped");
    }

    /** A run finished and was marked complete: its metrics measured once after training. */
    public synchronized void finished(RunConfig run, RunSummary summary) {
        boolean diverged = summary.values().values().stream().anyMatch(v -> v.isNaN());
        line(run, String.format(Locale.ROOT, "done: %d steps, %.1f s%s%s", summary.steps(),
                summary.wallSeconds(), values(summary.values()), diverged ? " (not a number: "
                        + "the model diverged, a non-finite loss; try a lower --learning-rate)"
                        : ""));
    }

    /** Another process holds the run: it is left to that process, and waited for at the end. */
    public synchronized void heldElsewhere(RunConfig run, String holder) {
        line(run, "being trained by " + holder + "; left to it, waited for at the end");
    }

    /** Another process completed a run this sweep waited for. */
    public synchronized void completedElsewhere(RunConfig run) {
        line(run, "completed by another process");
    }

    /** A run's files contradicted its summary: it is trained again. */
    public synchronized void redone(RunConfig run, String damage) {
        line(run, "damaged, redone: " + damage);
    }

    /** A run was interrupted (Ctrl-C); it stays incomplete in the store. */
    public synchronized void interrupted(RunConfig run) {
        line(run, "interrupted; incomplete in the store (the same command restarts it)");
    }

    /** A run failed; it stays incomplete in the store. */
    public synchronized void failed(RunConfig run, Throwable error) {
        line(run, "FAILED: " + error);
    }

    @Override
    public synchronized void stepsTaken(RunConfig run, int steps) {
        stepsDone += steps;
        if (interactive && System.nanoTime() - lastDraw > REDRAW_NANOS) {
            drawStatus();
        }
    }

    @Override
    public synchronized void epochFinished(RunConfig run, EpochRecord r) {
        String where = run.get(TrainingSettings.EVALUATION).isEmpty()
                ? String.format(Locale.ROOT, "epoch %d/%d", r.epoch(),
                        run.get(TrainingSettings.EPOCHS))
                : String.format(Locale.ROOT, "step %d/%d", r.step(),
                        TrainingSettings.steps(run));
        line(run, where + values(r.values()) + String.format(Locale.ROOT, "  %.1f s",
                r.epochSeconds()));
    }

    @Override
    public synchronized void probed(RunConfig run, ProbeRecord r) {
        line(run, String.format(Locale.ROOT, "probe at %s %d%s  %.1f s",
                run.get(TrainingSettings.EVALUATION).isEmpty() ? "epoch" : "step",
                run.get(TrainingSettings.EVALUATION).isEmpty() ? r.epoch() : r.step(),
                values(r.values()), r.seconds()));
    }

    /** Removes the status line, if any, so that what follows starts on a clean line. */
    public synchronized void end() {
        clearStatus();
        out.flush();
    }

    private void line(RunConfig run, String text) {
        clearStatus();
        int width = String.valueOf(runs).length();
        out.printf(Locale.ROOT, "[%" + width + "d/%d] %s seed %d  %s%n",
                positions.getOrDefault(run.runId(), 0), runs, run.label(), run.seed(), text);
        if (interactive) {
            drawStatus();
        }
        out.flush();
    }

    /** Every value by its metric's name, four significant digits. */
    private static String values(Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append("  ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4g", v)));
        return b.toString();
    }

    private void drawStatus() {
        lastDraw = System.nanoTime();
        if (totalSteps <= 0) {
            return;
        }
        double fraction = Math.min(1.0, (double) stepsDone / totalSteps);
        double elapsed = (lastDraw - started) / 1e9;
        String eta = stepsDone == 0 ? "?" : clock(elapsed / fraction - elapsed);
        int filled = (int) Math.round(fraction * BAR);
        String status = String.format(Locale.ROOT, "[%s%s] %3.0f%%  %d/%d steps  %s elapsed, "
                + "about %s left", "=".repeat(filled), " ".repeat(BAR - filled), 100 * fraction,
                stepsDone, totalSteps, clock(elapsed), eta);
        out.print("\r" + status);
        statusWidth = status.length();
        out.flush();
    }

    private void clearStatus() {
        if (statusWidth > 0) {
            out.print("\r" + " ".repeat(statusWidth) + "\r");
            statusWidth = 0;
        }
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

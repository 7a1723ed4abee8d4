package io.github.dvae.experiments.cli;

import io.github.dvae.experiments.sweep.SweepRunner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT, or SIGTERM) during a sweep: instead of the JVM dying mid-sentence, the runs in
 * progress are stopped (they stay incomplete, so the same command restarts them), the sweep's
 * thread writes the report of what is complete and says which runs are complete, interrupted
 * or not started, and the process then ends with {@link ExitCode#INTERRUPTED}. A shutdown hook
 * is the only portable way to see the signal; it waits for the sweep's words, at most
 * {@link #GRACE_SECONDS}, then halts.
 */
final class SweepInterruption implements AutoCloseable {

    /** Longest wait for the report after the signal, seconds. */
    static final int GRACE_SECONDS = 60;

    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean signalled;

    private SweepInterruption(SweepRunner runner) {
        this.hook = new Thread(() -> {
            signalled = true;
            runner.stop();
            try {
                reported.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
        }, "dvae-interrupt");
    }

    /** Watches for the signal until {@link #close}. */
    static SweepInterruption install(SweepRunner runner) {
        SweepInterruption i = new SweepInterruption(runner);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** Whether the signal came. */
    boolean signalled() {
        return signalled;
    }

    /** The sweep has said what it had to: the process may end. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook halts once told the sweep is done
        }
        reported.countDown();
    }
}

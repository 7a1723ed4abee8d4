package io.github.dvae.core.tensor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes OpenBLAS's idle worker threads sleep instead of spinning, so that this harness's own
 * kernel threads get the cores between matrix products.
 *
 * <p>Why: after each product, OpenBLAS's workers busy-wait for the next one for 2^28 cycles (its
 * {@code THREAD_TIMEOUT}, about a tenth of a second), holding a core that the elementwise kernels'
 * second thread then waits for. Setting {@code OPENBLAS_THREAD_TIMEOUT=4} (2^4 cycles) took a
 * Gumbel-Softmax training step of the seed architecture from 84 to 66 ms on 2 cores (measured).
 * OpenBLAS reads the variable once, when its library loads: {@link #configure()} must run before
 * anything touches ND4J, first thing in a {@code main}. A value the user set is kept. It also
 * chooses OpenBLAS's kernels ({@link OpenBlasCoreType}), which are read at the same moment.
 */
public final class OpenBlasThreads {

    /** The variable OpenBLAS reads at load time. */
    public static final String VARIABLE = "OPENBLAS_THREAD_TIMEOUT";

    /** log2 of the cycles an idle worker spins before sleeping: OpenBLAS's minimum. */
    public static final String SHORT_SPIN = "4";

    private static final Logger LOG = LoggerFactory.getLogger(OpenBlasThreads.class);

    /** What this process's OpenBLAS was given, or null: process-wide, like the environment. */
    private static volatile String effective = System.getenv(VARIABLE);

    private OpenBlasThreads() {
    }

    /**
     * The value of {@code OPENBLAS_THREAD_TIMEOUT} in this process's environment (the user's, or
     * the one {@link #configure()} set), or null; {@link System#getenv} does not see the latter.
     */
    public static String effectiveValue() {
        return effective;
    }

    /** The C library's {@code setenv}, the only way to change this process's environment. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Sets {@code OPENBLAS_THREAD_TIMEOUT=4} in this process's environment unless the user set
     * it, and chooses the kernels ({@link OpenBlasCoreType#configure()}). Harmless if ND4J is
     * already loaded (it then has no effect) or if libc cannot be reached.
     *
     * @return whether the thread timeout was set here
     */
    public static boolean configure() {
        OpenBlasCoreType.configure();
        if (System.getenv(VARIABLE) != null) {
            return false;
        }
        if (!setenv(VARIABLE, SHORT_SPIN)) {
            return false;
        }
        effective = SHORT_SPIN;
        return true;
    }

    /** Sets {@code name=value} in this process's environment through libc; false if it failed. */
    static boolean setenv(String name, String value) {
        try {
            LibC c = (LibC) Native.loadLibrary("c", LibC.class);
            return c.setenv(name, value, 0) == 0;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("could not set {}: {}", name, e.toString());
            return false;
        }
    }
}

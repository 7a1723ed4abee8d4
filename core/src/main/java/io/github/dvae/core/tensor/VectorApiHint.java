package io.github.dvae.core.tensor;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line note a program started by the user prints when its JVM lacks
 * {@code jdk.incubator.vector}, so that {@link ArrayExpLog} and {@link ArrayPower} run their
 * scalar fallback. A JVM cannot add a module to itself, and a jar's manifest cannot add one, so
 * the user's command line is the only place the flag can go; the note says which flag. It is
 * advice, not an error: results are the same bits either way, only slower. Said only on x86,
 * where the vector path was measured to be the faster.
 */
public final class VectorApiHint {

    /** The option to give {@code java} (one argument with {@code =}, as JMH and Spark take it). */
    public static final String JVM_OPTION = "--add-modules=jdk.incubator.vector";

    private VectorApiHint() {
    }

    /**
     * The note for {@code program} (the name it goes by, e.g. {@code dvae}), or empty where
     * there is nothing to say: the module is present, or {@code osArch} is not x86.
     */
    public static Optional<String> hint(String program, boolean vectorised, String osArch) {
        if (vectorised || !isX86(osArch)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s: note: the relaxed estimators' exp/log "
                + "run as scalar polynomials; 'java --add-modules jdk.incubator.vector ...' runs "
                + "them on the Vector API, markedly faster (not an error)", program));
    }

    /** Prints {@link #hint} for this JVM to {@code err}, if there is one. */
    public static void printIfAbsent(String program, PrintStream err) {
        hint(program, ArrayExpLog.vectorised(), System.getProperty("os.arch", ""))
                .ifPresent(err::println);
    }

    private static boolean isX86(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86")
                || arch.equals("i386");
    }
}

package io.github.dvae.core.tensor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Keeps the library's Vector API kernels out of their callers' compilations, so that C2 compiles
 * each kernel method as a root of its own. Every kernel class registers itself from its static
 * initializer ({@link #compileApart}), before any of its methods can be hot; this installs one
 * HotSpot compiler directive (JEP 165, added through the {@code DiagnosticCommand} MBean as
 * {@code jcmd <pid> Compiler.directives_add} would) that forbids inlining the registered classes'
 * methods into any other method.
 *
 * <p>Why: C2 turns a Vector API call into vector instructions only when it inlines every call
 * between our loop and the library's intrinsic within one compilation's node budget
 * ({@code NodeCountInliningCutoff}). Inlined into a large caller, a kernel's later calls are
 * left as real calls that box their vectors, several times slower. Which caller C2 compiles
 * first differs from process to process: measured on an AMD EPYC (Zen 5, 2 threads, seed, 300
 * steps after 100), RELAX's per-example kernel took 3.0 to 4.7 ms a step in 23 processes of one
 * jar and 6.0 to 8.7 ms in 9, where JFR put a sixth of all samples in
 * {@code DoubleVector.intoArray}'s Java fallback under {@code VectorKernels.sixth}, inlined into
 * {@code CategoricalRelaxation.fused}. Compiled apart (13 processes), 3.3 to 4.9 ms in every
 * one: a kernel's loop is the whole compilation, the same in every process; the call costs a few
 * nanoseconds per piece of work.
 *
 * <p>Speed only: a kernel computes the same bits inlined or not. Off with
 * {@code -Ddvae.kernels.compile-apart=false} (to measure the difference); where the JVM has no
 * such MBean operation (not HotSpot) nothing is installed and nothing else changes.
 *
 * <p>The registered classes are process-wide, as the JVM's compiler is: the state here is the
 * directive this class has installed, nothing a run's results depend on.
 */
public final class KernelCompilation {

    /** The system property that turns the directive off when {@code false}. */
    public static final String PROPERTY = "dvae.kernels.compile-apart";

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private static final TreeSet<String> CLASSES = new TreeSet<>();
    /** Whether a directive of ours is on the JVM's directive stack (then the top one). */
    private static boolean installed;
    private static String outcome = "nothing registered";

    private KernelCompilation() {
    }

    /**
     * Registers {@code kernels}: from now on, no compilation inlines its methods. Its methods
     * must not take or return vectors (a vector crossing a call is boxed); the library's kernels
     * take arrays and offsets. Cheap after the first call of a process (which starts the
     * platform MBean server, about 0.1 s).
     */
    public static synchronized void compileApart(Class<?> kernels) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            outcome = "off (" + PROPERTY + "=false)";
            return;
        }
        if (!CLASSES.add(kernels.getName().replace('.', '/'))) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName command = new ObjectName(DIAGNOSTIC_COMMAND);
            if (installed) {
                // Ours is the top directive (nothing else in the process adds any); replace it
                // with one that names every class, since only the first matching directive
                // applies to a compilation.
                server.invoke(command, "compilerDirectivesRemove", null, null);
                installed = false;
            }
            Path file = Files.createTempFile("dvae-kernels-", ".json");
            try {
                Files.writeString(file, directive());
                Object answer = server.invoke(command, "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}},
                        new String[] {String[].class.getName()});
                outcome = String.valueOf(answer).trim();
                installed = outcome.startsWith("1 ");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (JMException | IOException | RuntimeException e) {
            outcome = "not installed: " + e;
        }
    }

    /** The directive for the registered classes, in HotSpot's directive syntax. */
    static synchronized String directive() {
        List<String> patterns = new ArrayList<>();
        for (String c : CLASSES) {
            patterns.add("\"-" + c + ".*\"");
        }
        return "[{ match: \"*.*\", inline: [" + String.join(", ", patterns) + "] }]";
    }

    /**
     * What the last registration did: the JVM's answer ({@code "1 compiler directives added"})
     * or why nothing was installed. For tests and diagnostics.
     */
    public static synchronized String outcome() {
        return outcome;
    }

    /** Whether a directive naming every registered class is installed. */
    public static synchronized boolean installed() {
        return installed;
    }
}

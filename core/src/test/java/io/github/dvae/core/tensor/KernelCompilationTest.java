package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelCompilation}: a kernel class, once loaded, is named in an installed directive,
 * and C2 then compiles a hot caller without inlining the kernel; with the property off it
 * inlines it, so the check can fail.
 */
class KernelCompilationTest {

    @Test
    void aLoadedKernelClassIsNamedInAnInstalledDirective() {
        assumeTrue(VectorModule.PRESENT, "needs --add-modules jdk.incubator.vector");
        double[] x = {0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0};
        ArrayExpLog.exp(x, 0, x.length);
        assertTrue(KernelCompilation.installed(), KernelCompilation.outcome());
        assertTrue(KernelCompilation.outcome().startsWith("1 compiler directives added"),
                KernelCompilation.outcome());
        assertTrue(KernelCompilation.directive().contains(
                "\"-io/github/dvae/core/tensor/VectorExpLog.*\""), KernelCompilation.directive());
    }

    /**
     * In a fresh JVM, a hot loop calling {@link ArrayExpLog#exp} compiles with the kernel left
     * as a call (HotSpot's inlining log says "disallowed by CompileCommand"); with the directive
     * off, the same loop inlines it.
     */
    @Test
    void c2LeavesTheKernelAsACallOnlyWhileTheDirectiveIsOn() throws Exception {
        assumeTrue(VectorModule.PRESENT, "needs --add-modules jdk.incubator.vector");
        String on = inliningLog(true);
        assertTrue(on.contains("VectorExpLog::exp"), on);
        // Refused everywhere, by the directive at least once: a cold call site may be refused
        // earlier for its size ("too big"), which HotSpot checks before the directive.
        assertTrue(kernelLines(on).stream().noneMatch(KernelCompilationTest::inlined),
                String.join("\n", kernelLines(on)));
        assertTrue(kernelLines(on).stream().anyMatch(l -> l.contains("disallowed by CompileCommand")),
                String.join("\n", kernelLines(on)));
        String off = inliningLog(false);
        assertFalse(kernelLines(off).isEmpty(), off);
        assertTrue(kernelLines(off).stream().anyMatch(KernelCompilationTest::inlined),
                String.join("\n", kernelLines(off)));
    }

    /** Whether an inlining-log line reports the call inlined (HotSpot: "inline (hot)"). */
    private static boolean inlined(String line) {
        return line.contains("inline (hot)");
    }

    private static List<String> kernelLines(String log) {
        List<String> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains("@") && line.contains("VectorExpLog::exp")) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    private static String inliningLog(boolean directive) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintInlining",
                "-D" + KernelCompilation.PROPERTY + "=" + directive,
                "-cp", System.getProperty("java.class.path"), HotCaller.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertTrue(out.contains("done"), out);
        return out;
    }

    /** Calls {@link ArrayExpLog#exp} until C2 has compiled the caller. */
    static final class HotCaller {

        public static void main(String[] args) {
            double[] x = new double[64];
            double sum = 0;
            for (int round = 0; round < 200_000; round++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i - 32) * 0.1;
                }
                ArrayExpLog.exp(x, 0, x.length);
                sum += x[round & 63];
            }
            System.out.println("done " + sum);
        }
    }
}

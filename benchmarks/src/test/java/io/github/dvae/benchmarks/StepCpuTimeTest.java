package io.github.dvae.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link StepCpuTime}'s two clocks and its refusals. */
class StepCpuTimeTest {

    @Test
    void aboveOneThreadItTimesWallClockForEveryEstimator() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "--architecture", "small", "--threads", "2",
                "--rounds", "2", "--steps", "1", "--warmup-rounds", "0", "reinforce",
                "reinforce:samples=2"));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).contains("2 threads: wall ms per step, median of 2 rounds of 1"
                + " after 0 untimed"), out.toString());
        assertEquals(3, lines.size(), out.toString());
        assertTrue(lines.get(1).matches("reinforce +[0-9.]+ +\\([0-9.]+, [0-9.]+\\)"), lines.get(1));
        assertTrue(lines.get(2).startsWith("reinforce:samples=2 "), lines.get(2));
    }

    @Test
    void oneThreadStaysOnCpuTime() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "--architecture", "small", "--rounds", "1",
                "--steps", "1", "reinforce"));
        assertTrue(out.toString().contains("one thread: CPU ms per step"), out.toString());
    }

    @Test
    void refusesCountsBelowTheirBoundsNamingThem() {
        String[][] cases = {{"--threads", "0", "--threads must be >= 1, got 0"},
            {"--warmup-rounds", "-1", "--warmup-rounds must be >= 0, got -1"},
            {"--rounds", "0", "--rounds must be >= 1, got 0"}};
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(new StringWriter(), err, c[0], c[1], "reinforce"), c[0]);
            assertTrue(err.toString().startsWith(c[2]), err.toString());
        }
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new StepCpuTime());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }
}

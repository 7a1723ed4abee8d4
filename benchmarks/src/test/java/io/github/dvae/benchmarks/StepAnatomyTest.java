package io.github.dvae.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link StepAnatomy} on a small model: its table, its files and its refusals. */
class StepAnatomyTest {

    @Test
    void sharesEachStepOutByPhaseAndWritesTheFigure(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "--architecture", "small", "--threads", "1", "--warmup",
                "5", "--rounds", "3", "--steps", "10", "--period", "1", "--out",
                dir.toString(), "reinforce", "rebar"), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(1).matches("phase +reinforce +rebar"), lines.get(1));
        String decoder = lines.stream().filter(l -> l.startsWith("decoder evaluations"))
                .findFirst().orElseThrow();
        assertTrue(decoder.matches("decoder evaluations +[0-9.]+ \\([0-9.]+\\) +[0-9.]+ "
                + "\\([0-9.]+\\)"), decoder);
        // REBAR spends a good part of its step in f (three evaluations per example), so a
        // classifier that lost the decoder's frames would show here.
        double rebarDecoder = Double.parseDouble(decoder.trim().split(" +")[4]);
        assertTrue(rebarDecoder > 0, decoder);
        for (String suffix : List.of(".svg", ".png", ".csv")) {
            assertTrue(Files.size(dir.resolve("step-anatomy" + suffix)) > 0, suffix);
        }
        // The CSV's parts add up to each estimator's step (shares of one total).
        List<String> csv = Files.readAllLines(dir.resolve("step-anatomy.csv"));
        assertEquals("estimator,phase,kind,samples,ms_per_step,step_ms", csv.get(0));
        for (String estimator : List.of("reinforce", "rebar")) {
            double parts = 0;
            double step = 0;
            for (String row : csv.subList(1, csv.size())) {
                String[] f = row.split(",");
                if (f[0].equals(estimator)) {
                    parts += Double.parseDouble(f[4]);
                    step = Double.parseDouble(f[5]);
                }
            }
            assertTrue(step > 0, estimator);
            assertEquals(step, parts, 1e-6 * step, estimator);
        }
    }

    @Test
    void refusesCountsBelowTheirBoundsNamingThem() {
        String[][] cases = {{"--rounds", "0", "--rounds must be >= 1, got 0"},
            {"--period", "0", "--period must be >= 1, got 0"},
            {"--warmup", "-1", "--warmup must be >= 0, got -1"}};
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(new StringWriter(), err, c[0], c[1], "reinforce"), c[0]);
            assertTrue(err.toString().startsWith(c[2]), err.toString());
        }
    }

    @Test
    void anUnreadableImageFileIsAUserErrorNamingIt(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("images.idx"), "not an IDX file");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StepAnatomy());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, CommandExit.execute(cli, new String[] {"--images", junk.toString(),
            "reinforce"}));
        String message = err.toString();
        assertTrue(message.startsWith("error: ") && message.contains("images.idx"), message);
        assertTrue(message.lines().count() == 1, "one line, no stack trace: " + message);
    }

    @Test
    void anUnknownEstimatorIsAUserErrorNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StepAnatomy());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, CommandExit.execute(cli, new String[] {"--architecture", "small",
            "reinforce", "no-such-estimator"}));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains(
                "no-such-estimator"), err.toString());
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new StepAnatomy());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }
}

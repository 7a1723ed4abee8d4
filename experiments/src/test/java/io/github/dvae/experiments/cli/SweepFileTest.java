package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.sweep.SweepDefinition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SweepFileTest {

    @TempDir
    Path dir;

    /** The sweep the command line defines, parsed but not run. */
    private SweepDefinition parse(String... args) {
        StringWriter sink = new StringWriter();
        CommandLine cli = DvaeCommand.forArguments(args, false, new PrintWriter(sink),
                new PrintWriter(sink));
        cli.parseArgs(args);
        return ((DvaeCommand) cli.getCommand()).sweep.definition();
    }

    @Test
    void theFileDefinesTheSweepAndTheCommandLineWins() throws Exception {
        Path file = Files.writeString(dir.resolve("sweep.json"), """
                {"estimator": ["reinforce:baseline=loo,samples=4", "gumbel-softmax"],
                 "tau": [0.25, 2], "seeds": [3, 4, 5], "epochs": 7, "output": "elsewhere"}
                """);
        SweepDefinition d = parse("--sweep-file", file.toString(), "--epochs", "2");
        assertEquals(List.of("reinforce:baseline=loo,samples=4", "gumbel-softmax"),
                d.estimators());
        assertEquals(List.of(0.25, 2.0), d.temperatures());
        assertEquals(List.of(3L, 4L, 5L), d.seeds());
        assertEquals(2, d.epochs(), "the command line wins");
        assertEquals(Path.of("elsewhere"), d.output());
        assertEquals(100, d.batchSize(), "what neither sets keeps its default");
    }

    @Test
    void withoutAFileTheDefaultSweepIsTheDocumentedOne() {
        SweepDefinition d = parse();
        assertEquals(SweepDefinition.DEFAULT_ESTIMATORS, d.estimators());
        assertEquals(List.of(0.5, 1.0), d.temperatures());
        assertEquals(List.of(1L, 2L), d.seeds());
        assertEquals("small", d.architecture());
        assertEquals("synthetic", d.data());
    }

    @Test
    void aFileWithAnUnknownKeyOrNotJsonIsABadValue() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"epoch\": 3}");
        CliRun run = CliRun.of("--sweep-file", typo.toString());
        assertEquals(ExitCode.USAGE, run.code());
        assertTrue(run.err().startsWith("dvae: sweep file " + typo + ": 'epoch' is not an "
                + "option of the sweep; options: "), run.err());
        assertEquals(1, run.err().lines().count());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"epochs\": ");
        CliRun bad = CliRun.of("--sweep-file=" + broken);
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().startsWith("dvae: sweep file " + broken + " is not JSON"),
                bad.err());

        CliRun missing = CliRun.of("--sweep-file", dir.resolve("none.json").toString());
        assertEquals(ExitCode.USAGE, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}

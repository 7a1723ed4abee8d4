package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.sweep.SweepDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFileTest {

    @TempDir
    Path dir;

    private static SweepDefinition parse(String... args) {
        return CliRun.definition(args);
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
        assertEquals(0, d.iwSamples(), "the bound is off unless asked for");
    }

    @Test
    void theFileCanAskForTheBoundOnLogPxAndABadCountIsABadValue() throws Exception {
        Path file = Files.writeString(dir.resolve("iw.json"), "{\"iw-samples\": 1000}");
        assertEquals(1000, parse("--sweep-file", file.toString()).iwSamples());
        assertEquals(0, parse("--sweep-file", file.toString(), "--iw-samples", "0").iwSamples(),
                "the command line wins");

        Path one = Files.writeString(dir.resolve("one.json"), "{\"iw-samples\": 1}");
        CliRun run = CliRun.of("--sweep-file", one.toString(), "--output",
                dir.resolve("store").toString());
        assertEquals(ExitCode.USAGE, run.code(), run.err());
        assertEquals("dvae: sweep file " + one + ": iw-samples must be 0 (off) or an integer "
                + ">= 2, got 1", run.err().strip());
        assertTrue(!Files.exists(dir.resolve("store")), "nothing written");
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

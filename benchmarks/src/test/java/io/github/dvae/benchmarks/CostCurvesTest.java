package io.github.dvae.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.benchmarks.curves.CostAxis;
import io.github.dvae.benchmarks.curves.CostRecord;
import io.github.dvae.benchmarks.curves.CostTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostCurvesTest {

    private static final String TINY = "784-16-(4x8)-16-784";

    /** Two points of the batch curve, then a rerun that finds both measured. */
    @Test
    void quickRunWritesTheTableAndChartsAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("curves");
        String[] args = {"--quick", "--architecture", TINY, "--curves", "batch",
            "--estimators", "reinforce", "--threads", "1", "--out", out.toString()};
        Run first = run(args);
        assertEquals(0, first.exit, first.err);
        List<CostRecord> rows = CostTable.read(out.resolve(CostTable.FILE)).records();
        assertEquals(List.of(16, 32), rows.stream().map(CostRecord::x).toList());
        for (CostRecord r : rows) {
            assertEquals(CostAxis.BATCH, r.axis());
            assertEquals(CostRecord.HARNESS, r.implementation());
            assertEquals(TINY, r.architecture());
            assertEquals(r.x(), r.batch());
            assertEquals(2, r.steps());
            assertEquals("synthetic", r.images());
            assertTrue(r.millisPerStep() > 0 && r.imagesPerSecond() > 0, r.toString());
            // ms per step and images/s are two readings of one wall time.
            assertEquals(r.batch() * 1e3 / r.millisPerStep(), r.imagesPerSecond(),
                    1e-6 * r.imagesPerSecond());
        }
        assertTrue(first.err.contains("[2/2] batch=32 reinforce"), first.err);
        byte[] png = Files.readAllBytes(out.resolve("cost-batch.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                java.util.Arrays.copyOf(png, 4));
        assertTrue(Files.size(out.resolve("cost-batch.svg")) > 1000);
        assertEquals(3, Files.readAllLines(out.resolve("cost-batch.csv")).size());
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("cost-batch.svg") && index.contains(CostTable.FILE), index);

        Run again = run(args);
        assertEquals(0, again.exit, again.err);
        assertTrue(again.err.contains("2 points (2 measured already, 0 to measure)"),
                again.err);
        assertEquals(rows, CostTable.read(out.resolve(CostTable.FILE)).records());
    }

    /**
     * A stand-in for the reference script (a shell script printing the script's figure line)
     * shows how each point runs it: categorical REINFORCE in both forms, on the synthetic set
     * written as IDX, its rows plotted beside ours; a point the harness refuses is left out.
     */
    @Test
    void theReferenceScriptRunsPerPointInEachForm(@TempDir Path dir) throws Exception {
        Path calls = dir.resolve("calls.txt");
        Path script = dir.resolve("reference.sh");
        Files.writeString(script, "echo \"$@\" >> '" + calls + "'\n"
                + "echo 'epoch 1 neg_elbo 500.0'\n"
                + "echo 'reinforce categorical N=4 K=8: 1234.5 images/s over 2 steps (0.1s)'\n");
        Path out = dir.resolve("curves");
        Run r = run(new String[] {"--quick", "--architecture", TINY, "--curves", "samples",
            "--samples", "1,2", "--batch", "16", "--estimators", "reinforce:baseline=loo,samples=2;rebar",
            "--threads", "1", "--out", out.toString(), "--pytorch", "/bin/sh:" + script});
        assertEquals(0, r.exit, r.err);
        assertTrue(r.err.contains("left out: reinforce:baseline=loo,samples=1"), r.err);
        List<CostRecord> rows = CostTable.read(out.resolve(CostTable.FILE)).records();
        assertEquals(List.of("dvae", "pytorch", "pytorch-gather"), rows.stream()
                .map(CostRecord::implementation).toList(), "rebar has no samples option");
        assertEquals(1234.5, rows.get(2).imagesPerSecond(), 0);
        assertEquals(16 * 1e3 / 1234.5, rows.get(2).millisPerStep(), 1e-9);
        List<String> lines = Files.readAllLines(calls);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("--latent categorical --n 4 --k 8 --hidden 16 "
                + "--estimator reinforce --samples 2 --batch 16 --images "
                + out.resolve("synthetic-images-idx3-ubyte") + " --steps 2 --warmup 1 "
                + "--threads 1 --seed 1 --epochs 2"), lines.get(0));
        assertTrue(lines.get(1).contains(" --gather"), lines.get(1));
        assertEquals(16 + 10_000 * 784, Files.size(out.resolve("synthetic-images-idx3-ubyte")));
        // The figure draws PyTorch once per x: the faster of its forms (here a tie).
        List<String> drawn = Files.readAllLines(out.resolve("cost-samples.csv"));
        assertEquals(3, drawn.size(), drawn.toString());
        assertTrue(drawn.get(2).contains(",pytorch,2,"), drawn.toString());
    }

    /** Curves of one CPU type are never drawn beside another's. */
    @Test
    void aTableFromAnotherMachineIsRefused(@TempDir Path dir) throws Exception {
        CostTable other = new CostTable();
        other.add(new CostRecord(CostAxis.BATCH, "reinforce", CostRecord.HARNESS, 16, TINY, 16,
                2, 1, 1, "synthetic", "Intel Xeon at 2.6 GHz", "", 10, 1600));
        other.write(dir.resolve(CostTable.FILE));
        Run r = run(new String[] {"--quick", "--out", dir.toString()});
        assertEquals(2, r.exit, r.err);
        assertTrue(r.err.contains("holds points measured on Intel Xeon at 2.6 GHz; this "
                + "machine is "), r.err);
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) {
        String o = dir.toString();
        for (String[] args : List.of(new String[] {"--curves", "width", "--out", o},
                new String[] {"--estimators", "nosuch", "--out", o},
                new String[] {"--architecture", "784-(20x256)-100", "--out", o},
                new String[] {"--pytorch", "python3", "--out", o},
                new String[] {"--ks", "1", "--out", o}, new String[] {"--steps", "x"})) {
            Run r = run(args);
            assertEquals(2, r.exit, String.join(" ", args) + ": " + r.err);
            assertEquals(1, r.err.strip().lines().count(), r.err);
            assertTrue(r.err.startsWith("cost-curves: "), r.err);
        }
    }

    /** The default plan at the seed: 190 points of ours, 142 runs of the script beside them. */
    @Test
    void planListsThePointsWithoutMeasuring(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("reference.py");
        Files.writeString(script, "");
        Path out = dir.resolve("curves");
        Run r = run(new String[] {"--plan", "--out", out.toString(), "--pytorch",
            "/bin/sh:" + script});
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.endsWith("332 points, 190 by this harness\n"), r.out);
        assertTrue(r.out.contains("k=1024 reinforce [pytorch-gather]\t784-400-(16x1024)-400-784"
                + "\tto measure"), r.out);
        assertTrue(Files.notExists(out));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CostCurves.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

}

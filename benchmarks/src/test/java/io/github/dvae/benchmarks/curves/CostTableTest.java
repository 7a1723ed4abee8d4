package io.github.dvae.benchmarks.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostTableTest {

    private static final String CPU = "AMD EPYC 9B45";
    private static final String VARIABLES = "OPENBLAS_CORETYPE=SkylakeX OPENBLAS_L2_SIZE=512";

    @Test
    void rowsSurviveAWriteAndARead(@TempDir Path dir) throws Exception {
        CostTable table = new CostTable();
        CostRecord loo = new CostRecord(CostAxis.SAMPLES, "reinforce:baseline=loo,samples=2",
                CostRecord.HARNESS, 4, "784-400-(20x256)-400-784", 128, 10, 5, 2, "synthetic",
                CPU, VARIABLES, 40.5, 3160.5);
        CostRecord torch = gather(10, 100.0, 1280.0);
        table.add(loo);
        table.add(torch);
        Path file = dir.resolve(CostTable.FILE);
        table.write(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals("curve,estimator,implementation,x,architecture,batch,steps,warmup,threads,"
                + "images,cpu,variables,ms_per_step,images_per_second,us_per_image", lines.get(0));
        assertTrue(lines.get(1).startsWith("samples,\"reinforce:baseline=loo,samples=2\",dvae,4,"),
                lines.get(1));
        assertEquals(List.of(loo, torch), CostTable.read(file).records());
        assertEquals(1e6 / 1280.0, torch.microsPerImage(), 1e-9);
        assertEquals(Set.of(CPU + " (" + VARIABLES + ")"), table.machines());

        // A remeasured point replaces its row; a point with other settings is another row.
        CostTable again = CostTable.read(file);
        assertTrue(again.contains(gather(10, 0, 1)));
        again.add(gather(10, 90.0, 1422.0));
        again.add(gather(20, 95.0, 1347.0));
        assertEquals(3, again.records().size());
        assertEquals(1422.0, again.records().get(1).imagesPerSecond(), 0);
    }

    @Test
    void aForeignFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(CostTable.FILE);
        Files.writeString(file, "a,b\n1,2\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CostTable.read(file));
        assertTrue(e.getMessage().contains("line 2 is not a cost point"), e.getMessage());
    }

    private static CostRecord gather(int steps, double ms, double imagesPerSecond) {
        return new CostRecord(CostAxis.K, "reinforce", "pytorch-gather", 1024,
                "784-400-(16x1024)-400-784", 128, steps, 5, 2, "train-images-idx3-ubyte.gz", CPU,
                VARIABLES, ms, imagesPerSecond);
    }
}

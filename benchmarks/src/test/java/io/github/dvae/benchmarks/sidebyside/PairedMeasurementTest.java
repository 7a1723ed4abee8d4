package io.github.dvae.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.preset.Presets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedMeasurementTest {

    private static final PairedMeasurement THREE = new PairedMeasurement(List.of(
            new PairedMeasurement.Pair(3000, 10, 1000, 20, "gather"),
            new PairedMeasurement.Pair(2000, 12, 1000, 18, "dense"),
            new PairedMeasurement.Pair(2800, 11, 700, 30, "gather")));

    @Test
    void mediansAreEachSidesAndTheRatioIsTheMedianOfPairs() {
        assertEquals(2800, THREE.harnessMedian());
        assertEquals(1000, THREE.pytorchMedian());
        // pairwise 3.0, 2.0, 4.0: the median of ratios, not the ratio of medians (2.8)
        assertEquals(3.0, THREE.ratioMedian());
        assertEquals(2.0, THREE.ratioMin());
        // wall ratios 2.0, 1.5, 30/11
        assertEquals(2.0, THREE.processRatioMedian());
        assertEquals("dense 1, gather 2", THREE.pytorchForms());
        PairedMeasurement two = new PairedMeasurement(List.of(
                new PairedMeasurement.Pair(1000, 1, 1000, 1, "dense"),
                new PairedMeasurement.Pair(3000, 1, 1000, 1, "dense")));
        assertEquals(2000, two.harnessMedian());
        assertEquals(2.0, two.ratioMedian());
        assertEquals("dense", two.pytorchForms());
        assertThrows(IllegalArgumentException.class, () -> new PairedMeasurement(List.of()));
    }

    @Test
    void rowAndCsvCarryTheFiguresTheCpuAndTheVariables() {
        MatchedJob job = MatchedJob.of(Presets.find("disarm-nonlinear"), "reinforce-loo", null,
                null, null);
        PairedMeasurement.Circumstances c = new PairedMeasurement.Circumstances("2026-12-01",
                "disarm-nonlinear", job, 2, 100, 10, new CpuModel("AMD EPYC, \"x\"", "26", "2"),
                "OPENBLAS_CORETYPE=SkylakeX", "none");
        String row = THREE.markdownRow(c);
        assertTrue(row.startsWith("| disarm-nonlinear | reinforce:baseline=loo,samples=2 | 50 |"
                + " 2,800 | 1,000 (dense 1, gather 2) | **3.00x** (min 2.00x) | 2.00x |"), row);
        assertTrue(row.contains("family 26, model 2") && row.contains("SkylakeX"), row);
        String line = THREE.csvLine(c);
        assertEquals(PairedMeasurement.CSV_HEADER.split(",").length,
                line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)").length, line);
        assertTrue(line.contains("\"AMD EPYC, \"\"x\"\"\""), line);
        assertTrue(line.contains(",3.000,2.000,2.000,"), line);
    }
}

package io.github.dvae.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportedThroughputTest {

    @Test
    void harnessFigureIsTheLastImagesPerSecondLine() {
        String out = "reinforce seed batch=128 threads=2 steps=100: last train ELBO -312.40\n"
                + "images_per_second=2976.4\n";
        assertEquals(2976.4, ReportedThroughput.harness(out));
        assertEquals(12.0, ReportedThroughput.harness("images_per_second=1\nimages_per_second=12"));
    }

    @Test
    void scriptFigureIsReadFromItsSummaryLine() {
        String out = "epoch 1 neg_elbo 245.123\n"
                + "reinforce bernoulli N=200 K=1 hidden=200,200 act=leaky:0.3 S=2 batch=50 "
                + "threads=2: 2205.3 images/s over 100 steps (2.3s)\n";
        assertEquals(2205.3, ReportedThroughput.script(out));
    }

    @Test
    void outputWithoutAFigureIsRefusedQuotingItsLastLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportedThroughput.script("Traceback...\nModuleNotFoundError: torch\n"));
        assertTrue(e.getMessage().contains("ModuleNotFoundError: torch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportedThroughput.harness(""));
        assertThrows(IllegalArgumentException.class,
                () -> ReportedThroughput.harness("images_per_second=0.0"));
    }
}

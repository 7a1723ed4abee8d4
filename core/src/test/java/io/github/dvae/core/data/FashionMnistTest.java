package io.github.dvae.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The real data set that Debian's dataset-fashion-mnist installs; skipped, with why, if absent. */
class FashionMnistTest {

    @Test
    void debiansFashionMnistLoadsWithItsKnownShape() {
        assumeTrue(Files.isDirectory(DataSource.FASHION_MNIST), "Fashion-MNIST is not installed at "
                + DataSource.FASHION_MNIST + " (apt-get install dataset-fashion-mnist)");
        ImageDataset d = new DataSource("fashion-mnist").load(0);
        assertEquals(60_000, d.trainSize());
        assertEquals(10_000, d.testSize());
        assertEquals(28, d.width());
        assertEquals(28, d.height());
        int[] perClass = new int[10];
        for (int label : d.testLabels()) {
            perClass[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(1_000, perClass[c], "test images of class " + c);
        }
        double mean = 0;
        for (float v : d.train()) {
            assertTrue(v >= 0 && v <= 1);
            mean += v;
        }
        // Fashion-MNIST's mean intensity is 0.286 (72.94 / 255).
        assertEquals(0.286, mean / d.train().length, 0.002);
    }
}

package io.github.dvae.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    @Test
    void sameSeedSameImages() {
        ImageDataset a = SyntheticImages.generate(4, 300, 50);
        ImageDataset b = SyntheticImages.generate(4, 300, 50);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.testLabels(), b.testLabels());
        assertEquals(28, a.width());
        assertEquals(784, a.pixels());
    }

    @Test
    void tenClassesFormDistinctModesWithVariationWithinEach() {
        ImageDataset d = SyntheticImages.generate(1, 2000, 10);
        int p = d.pixels();
        double[][] mean = new double[10][p];
        int[] count = new int[10];
        for (int i = 0; i < d.trainSize(); i++) {
            int c = d.trainLabels()[i];
            count[c]++;
            for (int j = 0; j < p; j++) {
                mean[c][j] += d.train()[i * p + j];
            }
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(count[c] > 100, "class " + c + " drawn " + count[c] + " times of 2000");
            for (int j = 0; j < p; j++) {
                mean[c][j] /= count[c];
            }
        }
        // Modes: each class mean is farther from every other class mean than a typical image
        // of that class is from its own mean's nearest other class... stated simply: a
        // nearest-class-mean classifier recovers the labels of held-out images.
        ImageDataset held = SyntheticImages.generate(99, 500, 10);
        int right = 0;
        for (int i = 0; i < held.trainSize(); i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                double dist = 0;
                for (int j = 0; j < p; j++) {
                    double e = held.train()[i * p + j] - mean[c][j];
                    dist += e * e;
                }
                if (dist < bestD) {
                    bestD = dist;
                    best = c;
                }
            }
            right += best == held.trainLabels()[i] ? 1 : 0;
        }
        assertTrue(right > 0.8 * held.trainSize(), "nearest mean recovers " + right + " of 500");
        // Variation: images of one class are not all the same.
        int c0 = -1;
        int c1 = -1;
        for (int i = 0; i < d.trainSize() && c1 < 0; i++) {
            if (d.trainLabels()[i] == 3) {
                if (c0 < 0) {
                    c0 = i;
                } else {
                    c1 = i;
                }
            }
        }
        double diff = 0;
        for (int j = 0; j < p; j++) {
            diff += Math.abs(d.train()[c0 * p + j] - d.train()[c1 * p + j]);
        }
        assertTrue(diff > 5, "two images of one class differ by " + diff);
    }
}

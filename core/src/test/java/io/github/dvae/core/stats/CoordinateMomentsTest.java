package io.github.dvae.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.WorkerPool;
import org.junit.jupiter.api.Test;

class CoordinateMomentsTest {

    @Test
    void addingOverThreadsGivesTheSerialMomentsExactly() {
        // Large enough for the pool to split the coordinates into several ranges.
        int dimension = 3 * (1 << 14) + 5;
        CoordinateMoments serial = new CoordinateMoments(dimension);
        CoordinateMoments parallel = new CoordinateMoments(dimension);
        RandomStream rng = RandomStream.of(4);
        try (WorkerPool two = new WorkerPool(2)) {
            for (int s = 0; s < 5; s++) {
                double[] sample = new double[dimension];
                for (int i = 0; i < dimension; i++) {
                    sample[i] = 3.0 + rng.nextGaussian();
                }
                serial.add(sample);
                parallel.add(sample, two);
            }
        }
        assertEquals(5, parallel.count());
        for (int i = 0; i < dimension; i++) {
            assertEquals(serial.mean(i), parallel.mean(i), 0.0);
            assertEquals(serial.variance(i), parallel.variance(i), 0.0);
        }
        // And the moments are the sample's: mean near 3, variance near 1 over many coordinates.
        assertEquals(3.0, meanOfMeans(parallel), 0.02);
        assertEquals(1.0, parallel.meanVariance(), 0.02);
    }

    private static double meanOfMeans(CoordinateMoments m) {
        double s = 0;
        for (int i = 0; i < m.dimension(); i++) {
            s += m.mean(i);
        }
        return s / m.dimension();
    }
}

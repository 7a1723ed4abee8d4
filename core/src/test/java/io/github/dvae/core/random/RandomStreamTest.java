package io.github.dvae.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomStreamTest {

    private static double[] draw(RandomStream s, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.nextDouble();
        }
        return out;
    }

    @Test
    void sameSeedGivesSameNumbers() {
        assertArrayEquals(draw(RandomStream.of(42), 100), draw(RandomStream.of(42), 100));
        assertFalse(java.util.Arrays.equals(draw(RandomStream.of(1), 10),
                draw(RandomStream.of(2), 10)));
    }

    @Test
    void splitStreamsAreDeterministicAndDistinct() {
        RandomStream a = RandomStream.of(5);
        RandomStream b = RandomStream.of(5);
        double[] childA = draw(a.split(), 50);
        double[] childB = draw(b.split(), 50);
        assertArrayEquals(childA, childB);
        assertFalse(java.util.Arrays.equals(childA, draw(a, 50)), "child and parent differ");
        assertFalse(java.util.Arrays.equals(draw(a.split(), 50), draw(a.split(), 50)));
    }

    @Test
    void streamsInParallelThreadsDoNotInterfere() throws Exception {
        double[] alone = draw(RandomStream.of(9), 200_000);
        double[][] results = new double[2][];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> results[id] = draw(RandomStream.of(9), 200_000));
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertArrayEquals(alone, results[0]);
        assertArrayEquals(alone, results[1]);
    }

    @Test
    void openUniformAndGumbelHaveTheRightMoments() {
        RandomStream s = RandomStream.of(3);
        int n = 200_000;
        double sum = 0;
        double min = 1;
        for (int i = 0; i < n; i++) {
            double u = s.nextOpenDouble();
            min = Math.min(min, u);
            sum += s.nextGumbel();
        }
        assertTrue(min > 0);
        // Standard Gumbel: mean is the Euler-Mascheroni constant, sd pi/sqrt(6); 5 standard errors.
        double se = Math.PI / Math.sqrt(6) / Math.sqrt(n);
        assertEquals(0.5772156649, sum / n, 5 * se);
    }

    @Test
    void exponentialHasTheRightDistribution() {
        RandomStream s = RandomStream.of(4);
        int n = 200_000;
        double[] x = new double[n];
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            x[i] = s.nextExponential();
            assertTrue(x[i] >= 0, "negative exponential " + x[i]);
            sum += x[i];
            sumSquares += x[i] * x[i];
        }
        // Mean 1 (sd 1) and second moment 2 (sd sqrt(20)), within 5 standard errors.
        assertEquals(1.0, sum / n, 5 / Math.sqrt(n));
        assertEquals(2.0, sumSquares / n, 5 * Math.sqrt(20.0 / n));
        double p = new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .kolmogorovSmirnovTest(new org.apache.commons.math3.distribution
                        .ExponentialDistribution(null, 1.0), x);
        assertTrue(p > 1e-4, "Kolmogorov-Smirnov p " + p);
        assertArrayEquals(new double[] {RandomStream.of(8).nextExponential()},
                new double[] {RandomStream.of(8).nextExponential()});
    }

    @Test
    void restoredStateGivesTheDrawsThatFollowedTheSave() {
        RandomStream a = RandomStream.of(8);
        a.nextInt(7); // leaves half a long cached: the state must carry it
        a.nextGaussian();
        byte[] saved = a.saveState();
        double[] expected = {a.nextInt(1000), a.nextGaussian(), a.nextGumbel(), a.nextDouble()};
        RandomStream b = RandomStream.of(1234);
        b.restoreState(saved);
        double[] actual = {b.nextInt(1000), b.nextGaussian(), b.nextGumbel(), b.nextDouble()};
        assertArrayEquals(expected, actual);
    }
}

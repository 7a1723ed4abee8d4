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

    /** Kolmogorov-Smirnov statistic of {@code x} against a distribution's CDF. */
    private static double ksStatistic(double[] x,
            org.apache.commons.math3.distribution.RealDistribution law) {
        return new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .kolmogorovSmirnovStatistic(law, x);
    }

    /**
     * The asymptotic critical value of the one-sample KS statistic at level 0.001,
     * {@code sqrt(-ln(0.0005) / 2) / sqrt(n) = 1.949 / sqrt(n)}: a draw from the stated law exceeds
     * it with probability 0.001 (the seeds are fixed, so the tests are deterministic).
     */
    private static double ksCritical(int n) {
        return 1.949 / Math.sqrt(n);
    }

    @Test
    void bulkUniformsAreOpenUniformAndDeterministic() {
        int n = 200_003; // not a multiple of the eight lanes: the tail is the scalar loop's
        double[] u = new double[n];
        RandomStream.of(11).fillOpenDoubles(u, 0, n);
        double[] again = new double[n + 2];
        RandomStream.of(11).fillOpenDoubles(again, 2, n);
        assertArrayEquals(u, java.util.Arrays.copyOfRange(again, 2, n + 2));
        for (double v : u) {
            assertTrue(v > 0 && v < 1, "outside (0, 1): " + v);
        }
        assertTrue(ksStatistic(u, new org.apache.commons.math3.distribution
                .UniformRealDistribution(null, 0, 1)) < ksCritical(n));
        // A shorter fill from the same state is a prefix of a longer one (element j is lane j % 8's
        // draw j / 8), and a fill advances the stream by its 16 seeding longs whatever the count.
        double[] shorter = new double[13];
        RandomStream a = RandomStream.of(11);
        a.fillOpenDoubles(shorter, 0, 13);
        assertArrayEquals(java.util.Arrays.copyOf(u, 13), shorter);
        RandomStream b = RandomStream.of(11);
        for (int i = 0; i < 16; i++) {
            b.nextLong();
        }
        assertEquals(b.nextLong(), a.nextLong());
        // Neighbouring lanes are not copies of each other: lag-1 correlation within 5 s.e.
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += (u[i] - 0.5) * (u[i - 1] - 0.5);
        }
        assertEquals(0, sum / (n - 1) * 12, 5 / Math.sqrt(n));
    }

    @Test
    void vectorAndScalarLanesGiveTheSameBits() {
        for (int n : new int[] {0, 1, 7, 8, 9, 64, 1001}) {
            double[] filled = new double[n];
            RandomStream.of(n).fillOpenDoubles(filled, 0, n);
            long[] s0 = new long[LaneUniforms.LANES];
            long[] s1 = new long[LaneUniforms.LANES];
            LaneUniforms.seed(RandomStream.of(n), s0, s1);
            double[] scalar = new double[n];
            LaneUniforms.scalarFill(s0, s1, scalar, 0, n);
            assertArrayEquals(scalar, filled, "n = " + n);
        }
    }

    @Test
    void bulkExponentialsAndGumbelsFollowTheirLaws() {
        int n = 200_000;
        double[] e = new double[n];
        RandomStream.of(12).fillExponential(e, 0, n);
        double sum = 0;
        for (double v : e) {
            assertTrue(v > 1e-16 && v < 36.8, "exponential out of range " + v);
            sum += v;
        }
        assertEquals(1.0, sum / n, 5 / Math.sqrt(n));
        assertTrue(ksStatistic(e, new org.apache.commons.math3.distribution
                .ExponentialDistribution(null, 1.0)) < ksCritical(n));
        double[] g = new double[n];
        RandomStream.of(13).fillGumbel(g, 0, n);
        sum = 0;
        for (double v : g) {
            assertTrue(v > -3.61 && v < 36.8, "Gumbel out of range " + v);
            sum += v;
        }
        assertEquals(0.5772156649, sum / n, 5 * Math.PI / Math.sqrt(6.0 * n));
        assertTrue(ksStatistic(g, new org.apache.commons.math3.distribution
                .GumbelDistribution(null, 0, 1)) < ksCritical(n));
    }

    @Test
    void bulkGumbelsAreMinusLogMinusLogOfTheUniformsWithinTheLogBound() {
        // Uniforms from a fill, and ones crowded towards 1 where -ln u is smallest and the
        // Gumbel largest: the fast draw against Math.log's, on the same uniforms.
        int n = 100_000;
        double[] u = new double[n];
        RandomStream.of(14).fillOpenDoubles(u, 0, n);
        for (int i = 0; i < 2000; i++) {
            u[i] = 1 - (2 * i + 1) * 0x1.0p-53;
            u[2000 + i] = 1 - Math.scalb(1.0, -i % 53 - 1);
        }
        double[] fast = u.clone();
        io.github.dvae.core.tensor.ArrayExpLog.log(fast, 0, n);
        double worstRelative = 0;
        for (int i = 0; i < n; i++) {
            double exact = -Math.log(u[i]);
            worstRelative = Math.max(worstRelative, Math.abs(-fast[i] - exact) / exact);
            fast[i] = -fast[i];
        }
        io.github.dvae.core.tensor.ArrayExpLog.log(fast, 0, n);
        double worstGumbel = 0;
        for (int i = 0; i < n; i++) {
            worstGumbel = Math.max(worstGumbel,
                    Math.abs(-fast[i] - -Math.log(-Math.log(u[i]))));
        }
        System.out.printf("exponential relative %.3g, Gumbel absolute %.3g%n", worstRelative,
                worstGumbel);
        assertTrue(worstRelative < 1e-12, "exponential relative error " + worstRelative);
        assertTrue(worstGumbel < 1e-12, "Gumbel absolute error " + worstGumbel);
    }

    @Test
    void gumbelMaxPicksEachClassWithItsProbability() {
        // argmax_k (ln pi_k + g_k) ~ Cat(pi): chi-square of the counts, 9 degrees of freedom,
        // critical value 27.88 at level 0.001.
        double[] pi = {0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.1, 0.12, 0.13, 0.05};
        int k = pi.length;
        int groups = 200_000;
        double[] g = new double[groups * k];
        RandomStream.of(15).fillGumbel(g, 0, g.length);
        long[] counts = new long[k];
        for (int j = 0; j < groups; j++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (Math.log(pi[c]) + g[j * k + c] > Math.log(pi[best]) + g[j * k + best]) {
                    best = c;
                }
            }
            counts[best]++;
        }
        double chi2 = 0;
        for (int c = 0; c < k; c++) {
            double expected = groups * pi[c];
            chi2 += (counts[c] - expected) * (counts[c] - expected) / expected;
        }
        assertTrue(chi2 < 27.88, "chi-square " + chi2);
    }
}

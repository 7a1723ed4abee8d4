package io.github.dvae.core.latent;

import static io.github.dvae.core.testing.ArrayAssertions.assertAllFinite;
import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.testing.FiniteDifferences;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CategoricalPosteriorTest {

    private static INDArray logits(double... values) {
        return Nd4j.createFromArray(values).castTo(DataType.DOUBLE).reshape(1, values.length);
    }

    @Test
    void klOfUniformPosteriorIsZeroAndOfOneHotIsNLogK() {
        int n = 3;
        int k = 5;
        CategoricalPosterior q = new CategoricalPosterior(n, k);
        q.update(ElementView.of(Nd4j.zeros(DataType.DOUBLE, 1, n * k)), 1);
        double[] kl = new double[1];
        q.klToUniform(kl);
        assertEquals(0.0, kl[0], 1e-12);

        INDArray peaked = Nd4j.zeros(DataType.DOUBLE, 1, n * k);
        for (int v = 0; v < n; v++) {
            peaked.putScalar(0, v * k + 2, 60.0);
        }
        q.update(ElementView.of(peaked), 1);
        q.klToUniform(kl);
        assertEquals(n * Math.log(k), kl[0], 1e-9, "one-hot posterior: KL = N log K");
        assertTrue(kl[0] > 0, "the KL is non-negative");
    }

    @Test
    void klGradientMatchesFiniteDifferences() {
        RandomStream rng = RandomStream.of(3);
        int b = 2;
        int n = 3;
        int k = 4;
        INDArray l = Nd4j.create(DataType.DOUBLE, b, n * k);
        ElementView lv = ElementView.of(l);
        for (int i = 0; i < lv.length(); i++) {
            lv.set(i, 2 * rng.nextGaussian());
        }
        CategoricalPosterior q = new CategoricalPosterior(n, k);
        double[] kl = new double[b];
        q.update(lv, b);
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, b, n * k);
        q.addKlGradient(ElementView.of(grad), 0.5);
        double[] fd = FiniteDifferences.gradient(lv, () -> {
            q.update(lv, b);
            q.klToUniform(kl);
            return 0.5 * (kl[0] + kl[1]);
        }, 1e-6);
        assertClose(fd, ElementView.of(grad).toDoubleArray(), 1e-8, 1e-6, "d KL / d logits");
    }

    @Test
    void scoreGradientIsOneHotMinusSoftmax() {
        CategoricalPosterior q = new CategoricalPosterior(1, 3);
        q.update(ElementView.of(logits(0.5, -1.0, 2.0)), 1);
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        q.addScoreGradient(new int[] {1}, 0, new double[] {2.0}, ElementView.of(grad));
        double[] expected = new double[3];
        for (int c = 0; c < 3; c++) {
            expected[c] = 2.0 * ((c == 1 ? 1 : 0) - q.probability(0, 0, c));
        }
        assertClose(expected, ElementView.of(grad).toDoubleArray(), 1e-15, 0, "score");
    }

    @Test
    void samplesFollowTheSoftmaxByChiSquare() {
        CategoricalPosterior q = new CategoricalPosterior(1, 4);
        q.update(ElementView.of(logits(1.0, 0.0, -1.0, 0.5)), 1);
        RandomStream rng = RandomStream.of(7);
        int draws = 40_000;
        long[] counts = new long[4];
        int[] code = new int[1];
        for (int i = 0; i < draws; i++) {
            q.sample(rng, code, 0);
            counts[code[0]]++;
        }
        double chi2 = 0;
        for (int c = 0; c < 4; c++) {
            double e = draws * q.probability(0, 0, c);
            chi2 += (counts[c] - e) * (counts[c] - e) / e;
        }
        double critical = new ChiSquaredDistribution(3).inverseCumulativeProbability(0.999);
        assertTrue(chi2 < critical, "chi-square " + chi2 + " above the 0.999 quantile " + critical);
    }

    @Test
    void extremeLogitsGiveFiniteExactValues() {
        CategoricalPosterior q = new CategoricalPosterior(1, 3);
        q.update(ElementView.of(logits(50, -50, 0)), 1);
        assertEquals(-100.0, q.logProbability(0, 0, 1), 1e-9, "log q of a tiny class, not -inf");
        double[] kl = new double[1];
        q.klToUniform(kl);
        assertAllFinite(kl, "KL");
        assertEquals(Math.log(3), kl[0], 1e-9);
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        q.addKlGradient(ElementView.of(grad), 1.0);
        assertAllFinite(ElementView.of(grad).toDoubleArray(), "KL gradient");
        int[] code = new int[1];
        q.sample(RandomStream.of(1), code, 0);
        assertEquals(0, code[0]);
    }
    /** Logits with spread, ties, classes of zero probability (underflow) and a near one-hot group. */
    private static INDArray awkwardLogits(DataType type, int b, int n, int k, long seed) {
        RandomStream rng = RandomStream.of(seed);
        INDArray l = Nd4j.create(type, b, n * k);
        ElementView lv = ElementView.of(l);
        for (int i = 0; i < lv.length(); i++) {
            double u = rng.nextDouble();
            lv.set(i, u < 0.1 ? -800.0 : u < 0.15 ? 1.0 : 3 * rng.nextGaussian());
        }
        lv.set(k + 2, 900.0);
        return l;
    }

    @Test
    void manySamplesInOneCallEqualSingleCallsBitForBit() {
        // 135 groups: on 3 threads, two ranges of 67 and 68, so both the interleaved blocks of
        // four groups and the remainder run.
        int b = 45;
        int n = 3;
        int k = 37;
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            CategoricalPosterior q = new CategoricalPosterior(n, k);
            q.update(ElementView.of(awkwardLogits(type, b, n, k, 11)), b);
            for (int count : new int[] {1, 2, 4, 7}) {
                int first = 3;
                int[] expected = new int[(first + count * b) * n];
                RandomStream single = RandomStream.of(5);
                for (int s = 0; s < count; s++) {
                    q.sample(single, expected, first + s * b);
                }
                long next = single.nextLong();
                for (int threads : new int[] {1, 3}) {
                    try (WorkerPool workers = new WorkerPool(threads)) {
                        int[] codes = new int[expected.length];
                        RandomStream many = RandomStream.of(5);
                        q.sample(many, codes, first, count, workers);
                        assertArrayEquals(expected, codes, type + " count " + count + " threads "
                                + threads);
                        assertEquals(next, many.nextLong(),
                                "the same number of uniforms drawn");
                    }
                }
            }
        }
    }

    @Test
    void setScoreGradientEqualsZeroFillPlusAdds() {
        int b = 6;
        int n = 3;
        int k = 11;
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            CategoricalPosterior q = new CategoricalPosterior(n, k);
            q.update(ElementView.of(awkwardLogits(type, b, n, k, 2)), b);
            RandomStream rng = RandomStream.of(9);
            for (int count : new int[] {1, 4}) {
                int[] codes = new int[count * b * n];
                q.sample(rng, codes, 0, count, WorkerPool.SERIAL);
                double[] coefficient = new double[count * b];
                for (int r = 0; r < coefficient.length; r++) {
                    coefficient[r] = r % 5 == 0 ? 0.0 : rng.nextGaussian();
                }
                INDArray reference = Nd4j.create(type, b, n * k).assign(7.0);
                ElementView rv = ElementView.of(reference);
                rv.fill(0.0);
                for (int s = 0; s < count; s++) {
                    q.addScoreGradient(codes, s * b, coefficient, rv);
                }
                for (int threads : new int[] {1, 2}) {
                    try (WorkerPool workers = new WorkerPool(threads)) {
                        INDArray direct = Nd4j.create(type, b, n * k).assign(7.0);
                        q.setScoreGradient(codes, 0, count, coefficient, ElementView.of(direct),
                                workers);
                        double[] want = rv.toDoubleArray();
                        double[] got = ElementView.of(direct).toDoubleArray();
                        if (count == 1) {
                            assertArrayEquals(want, got, type + ": one sample, bit for bit");
                        } else {
                            assertClose(want, got, type == DataType.FLOAT ? 1e-6 : 1e-14,
                                    type == DataType.FLOAT ? 1e-6 : 1e-14, type + " count " + count);
                        }
                    }
                }
            }
        }
    }
    @Test
    void fusedKlValueAndGradientEqualSeparatePassesBitForBit() {
        int b = 5;
        int n = 3;
        int k = 13;
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            CategoricalPosterior q = new CategoricalPosterior(n, k);
            q.update(ElementView.of(awkwardLogits(type, b, n, k, 4)), b);
            INDArray start = awkwardLogits(type, b, n, k, 8).muli(0.01);
            double[] kl = new double[b];
            q.klToUniform(kl);
            INDArray separate = start.dup();
            q.addKlGradient(ElementView.of(separate), 0.7);
            for (int threads : new int[] {1, 2}) {
                try (WorkerPool workers = new WorkerPool(threads)) {
                    double[] fusedKl = new double[b];
                    INDArray fused = start.dup();
                    q.klToUniformAndAddGradient(fusedKl, ElementView.of(fused), 0.7, workers);
                    assertArrayEquals(kl, fusedKl, type + " KL");
                    assertArrayEquals(ElementView.of(separate).toDoubleArray(),
                            ElementView.of(fused).toDoubleArray(), type + " KL gradient");
                }
            }
        }
    }

    /**
     * The fused KL pass against the rule written element by element with a conditional, bit for
     * bit (signs of zero included): probabilities that underflow to 0 (logits -800, and -inf,
     * whose log-probability is -inf and its product with 0 NaN) and incoming gradients of -0.
     */
    @Test
    void klGradientHasTheBitsOfTheElementwiseRule() {
        int b = 6;
        int n = 4;
        int k = 37;
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray logits = awkwardLogits(type, b, n, k, 21);
            ElementView.of(logits).set(3, Double.NEGATIVE_INFINITY);
            CategoricalPosterior q = new CategoricalPosterior(n, k);
            q.update(ElementView.of(logits), b);
            INDArray start = awkwardLogits(type, b, n, k, 22).muli(0.01);
            ElementView sv = ElementView.of(start);
            double[] p = q.probabilities();
            double[] logp = q.logProbabilities();
            for (int i = 0; i < sv.length(); i += 2) {
                if (p[i] == 0) {
                    sv.set(i, -0.0);
                }
            }
            double[] expected = sv.toDoubleArray();
            double[] expectedKl = new double[b];
            double scale = -0.3;
            for (int g = 0; g < b * n; g++) {
                int base = g * k;
                double[] t = new double[k];
                for (int c = 0; c < k; c++) {
                    t[c] = p[base + c] > 0 ? p[base + c] * logp[base + c] : 0.0;
                }
                double negEntropy = PartialSums.sum(t, 0, k);
                expectedKl[g / n] += negEntropy;
                for (int c = 0; c < k; c++) {
                    double term = scale * p[base + c] * (logp[base + c] - negEntropy);
                    expected[base + c] = (type == DataType.FLOAT ? (float) expected[base + c]
                            : expected[base + c]) + (p[base + c] > 0 ? term : 0.0);
                }
            }
            for (int i = 0; i < b; i++) {
                expectedKl[i] += n * Math.log(k);
            }
            for (int threads : new int[] {1, 2}) {
                try (WorkerPool workers = new WorkerPool(threads)) {
                    INDArray fused = start.dup();
                    double[] kl = new double[b];
                    q.klToUniformAndAddGradient(kl, ElementView.of(fused), scale, workers);
                    double[] got = ElementView.of(fused).toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        double want = type == DataType.FLOAT ? flushed((float) expected[i])
                                : expected[i];
                        assertEquals(Double.doubleToRawLongBits(want),
                                Double.doubleToRawLongBits(got[i]),
                                type + " element " + i + ": " + want + " vs " + got[i]);
                    }
                    assertArrayEquals(expectedKl, kl, 1e-9, type + " KL");
                }
            }
        }
    }

    /**
     * The probabilities and log-probabilities against the softmax written out with a sequential
     * maximum (the form before the Vector API's maximum), bit for bit: groups of every length
     * to 40 (whole vectors and tails), with extreme logits and groups of signed zeros (where
     * only the sign of the maximum could differ).
     */
    @Test
    void softmaxHasTheBitsOfTheSequentialMaximum() {
        RandomStream rng = RandomStream.of(17);
        for (int k = 1; k <= 40; k++) {
            int b = 3;
            int n = 4;
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray logits = awkwardLogits(type, b, n, k, 30 + k);
                ElementView lv = ElementView.of(logits);
                for (int c = 0; c < k; c++) {
                    // Group 1: zeros, negative first; group 2: zeros and very negative logits.
                    lv.set(k + c, c % 3 == 0 ? -0.0 : 0.0);
                    lv.set(2 * k + c, c % 2 == 0 ? (c % 4 == 0 ? -0.0 : 0.0)
                            : -800 - rng.nextDouble());
                }
                CategoricalPosterior q = new CategoricalPosterior(n, k);
                q.update(lv, b);
                double[] l = lv.toDoubleArray();
                for (int g = 0; g < b * n; g++) {
                    int base = g * k;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = l[base + c] > max ? l[base + c] : max;
                    }
                    double[] p = new double[k];
                    for (int c = 0; c < k; c++) {
                        p[c] = l[base + c] - max;
                    }
                    ArrayExpLog.exp(p, 0, k);
                    double sum = PartialSums.sum(p, 0, k);
                    double shift = max + Math.log(sum);
                    double inv = 1.0 / sum;
                    for (int c = 0; c < k; c++) {
                        String where = type + " K " + k + " group " + g + " class " + c;
                        assertEquals(Double.doubleToRawLongBits(p[c] * inv),
                                Double.doubleToRawLongBits(q.probabilities()[base + c]), where);
                        assertEquals(Double.doubleToRawLongBits(l[base + c] - shift),
                                Double.doubleToRawLongBits(q.logProbabilities()[base + c]),
                                where);
                    }
                }
            }
        }
    }

    /**
     * The score gradients against their rules written element by element, bit for bit (double
     * gradients, so no rounding to float hides a difference): rows of 3 x 11 (whole vectors and
     * a tail), with zero coefficients and probabilities that underflow to 0.
     */
    @Test
    void scoreGradientsHaveTheBitsOfTheElementwiseRules() {
        int b = 5;
        int n = 3;
        int k = 11;
        int width = n * k;
        CategoricalPosterior q = new CategoricalPosterior(n, k);
        q.update(ElementView.of(awkwardLogits(DataType.DOUBLE, b, n, k, 40)), b);
        double[] p = q.probabilities();
        RandomStream rng = RandomStream.of(41);
        int count = 3;
        int[] codes = new int[count * b * n];
        q.sample(rng, codes, 0, count, WorkerPool.SERIAL);
        double[] coefficient = new double[count * b];
        for (int r = 0; r < coefficient.length; r++) {
            coefficient[r] = r % 4 == 0 ? 0.0 : rng.nextGaussian();
        }
        INDArray start = awkwardLogits(DataType.DOUBLE, b, n, k, 42).muli(0.01);
        double[] added = ElementView.of(start).toDoubleArray();
        double[] set = new double[b * width];
        for (int row = 0; row < b; row++) {
            double c = coefficient[row];
            double total = 0;
            for (int s = 0; s < count; s++) {
                total += coefficient[s * b + row];
            }
            for (int i = 0; i < width; i++) {
                if (c != 0) {
                    added[row * width + i] -= c * p[row * width + i];
                }
                set[row * width + i] = 0.0 - total * p[row * width + i];
            }
            for (int v = 0; v < n; v++) {
                if (c != 0) {
                    added[row * width + v * k + codes[row * n + v]] += c;
                }
                for (int s = 0; s < count; s++) {
                    int r = s * b + row;
                    if (coefficient[r] != 0) {
                        set[row * width + v * k + codes[r * n + v]] += coefficient[r];
                    }
                }
            }
        }
        INDArray addedGot = start.dup();
        q.addScoreGradient(codes, 0, coefficient, ElementView.of(addedGot));
        INDArray setGot = Nd4j.create(DataType.DOUBLE, b, width).assign(7.0);
        try (WorkerPool workers = new WorkerPool(2)) {
            q.setScoreGradient(codes, 0, count, coefficient, ElementView.of(setGot), workers);
        }
        double[] a = ElementView.of(addedGot).toDoubleArray();
        double[] g = ElementView.of(setGot).toDoubleArray();
        for (int i = 0; i < b * width; i++) {
            assertEquals(Double.doubleToRawLongBits(added[i]), Double.doubleToRawLongBits(a[i]),
                    "addScoreGradient element " + i);
            assertEquals(Double.doubleToRawLongBits(set[i]), Double.doubleToRawLongBits(g[i]),
                    "setScoreGradient element " + i);
        }
    }

    /** As a float view writes a double: subnormal results flushed to +0. */
    private static double flushed(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0.0 : x;
    }

    @Test
    void floatLogitsGiveWhatTheSameValuesAsDoublesGive() {
        int b = 4;
        int n = 2;
        int k = 300;
        INDArray f = awkwardLogits(DataType.FLOAT, b, n, k, 6);
        INDArray d = f.castTo(DataType.DOUBLE);
        CategoricalPosterior fromFloats = new CategoricalPosterior(n, k);
        fromFloats.update(ElementView.of(f), b);
        CategoricalPosterior fromDoubles = new CategoricalPosterior(n, k);
        fromDoubles.update(ElementView.of(d), b);
        int total = b * n * k;
        assertArrayEquals(java.util.Arrays.copyOf(fromDoubles.probabilities(), total),
                java.util.Arrays.copyOf(fromFloats.probabilities(), total));
        assertArrayEquals(java.util.Arrays.copyOf(fromDoubles.logProbabilities(), total),
                java.util.Arrays.copyOf(fromFloats.logProbabilities(), total));
        // One instance, switching type with equal values and then changing a value: never stale.
        fromFloats.update(ElementView.of(d), b);
        assertArrayEquals(java.util.Arrays.copyOf(fromDoubles.probabilities(), total),
                java.util.Arrays.copyOf(fromFloats.probabilities(), total));
        f.putScalar(0, 0, 40.0);
        fromFloats.update(ElementView.of(f), b);
        assertTrue(fromFloats.probability(0, 0, 0) > 0.999, "the changed logit is read");
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += fromFloats.probability(1, 1, c);
        }
        assertEquals(1.0, sum, 1e-12);
    }
}

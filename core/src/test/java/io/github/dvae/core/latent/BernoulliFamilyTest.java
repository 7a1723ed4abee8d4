package io.github.dvae.core.latent;

import static io.github.dvae.core.testing.ArrayAssertions.assertAllFinite;
import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Bernoulli family's KL and its gradients (logits and learned prior) against finite
 * differences and against the same distribution written as a K = 2 categorical; its importance
 * weights against the KL by enumeration; its samples against their probabilities.
 */
class BernoulliFamilyTest {

    private static INDArray randomLogits(int batch, int n, double scale, long seed) {
        INDArray l = Nd4j.create(DataType.DOUBLE, batch, n);
        ElementView v = ElementView.of(l);
        RandomStream rng = RandomStream.of(seed);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, scale * rng.nextGaussian());
        }
        return l;
    }

    private static void setPrior(BernoulliFamily family, double... logits) {
        ElementView p = family.parameters().get(0).values();
        for (int i = 0; i < logits.length; i++) {
            p.set(i, logits[i]);
        }
    }

    @Test
    void klOfUniformPosteriorIsZeroAndOfDeterministicIsNLog2() {
        int n = 5;
        BernoulliFamily family = new BernoulliFamily(LatentSpec.bernoulli(n));
        double[] kl = new double[2];
        INDArray l = Nd4j.zeros(DataType.DOUBLE, 2, n);
        for (int i = 0; i < n; i++) {
            l.putScalar(1, i, i % 2 == 0 ? 60.0 : -60.0);
        }
        family.divergence(l, kl, null, 0.0);
        assertEquals(0.0, kl[0], 1e-15, "uniform posterior");
        assertEquals(n * Math.log(2), kl[1], 1e-12, "deterministic posterior: N log 2");
    }

    /** The same distribution as a categorical of two classes with logits (0, l). */
    @Test
    void klEqualsTheCategoricalKlOfTheSameDistribution() {
        int batch = 3;
        int n = 4;
        INDArray l = randomLogits(batch, n, 3.0, 1);
        INDArray pair = Nd4j.zeros(DataType.DOUBLE, batch, 2 * n);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                pair.putScalar(b, 2 * i + 1, l.getDouble(b, i));
            }
        }
        double[] bernoulli = new double[batch];
        new BernoulliFamily(LatentSpec.bernoulli(n)).divergence(l, bernoulli, null, 0.0);
        double[] categorical = new double[batch];
        new CategoricalFamily(LatentSpec.categorical(n, 2)).divergence(pair, categorical, null,
                0.0);
        assertClose(categorical, bernoulli, 1e-12, 1e-12, "KL");
    }

    @Test
    void klToALearnedPriorMatchesItsDefinition() {
        int n = 3;
        BernoulliFamily family = new BernoulliFamily(LatentSpec.bernoulliWithLearnedPrior(n));
        double[] m = {0.7, -1.3, 2.0};
        setPrior(family, m);
        INDArray l = randomLogits(2, n, 2.0, 2);
        double[] kl = new double[2];
        family.divergence(l, kl, null, 0.0);
        for (int b = 0; b < 2; b++) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double q = 1 / (1 + Math.exp(-l.getDouble(b, i)));
                double p = 1 / (1 + Math.exp(-m[i]));
                expected += q * Math.log(q / p) + (1 - q) * Math.log((1 - q) / (1 - p));
            }
            assertEquals(expected, kl[b], 1e-12, "KL of example " + b);
        }
    }

    @Test
    void klGradientsMatchFiniteDifferences() {
        int batch = 3;
        int n = 4;
        for (boolean learned : new boolean[] {false, true}) {
            LatentSpec spec = learned ? LatentSpec.bernoulliWithLearnedPrior(n)
                    : LatentSpec.bernoulli(n);
            BernoulliFamily family = new BernoulliFamily(spec);
            if (learned) {
                setPrior(family, 0.5, -2.0, 1.0, 0.0);
            }
            INDArray l = randomLogits(batch, n, 2.5, 3);
            ElementView lv = ElementView.of(l);
            double scale = 0.5;
            INDArray gradient = Nd4j.zeros(DataType.DOUBLE, batch, n);
            family.divergence(l, new double[batch], gradient, scale);
            double[] kl = new double[batch];
            java.util.function.DoubleSupplier loss = () -> {
                family.divergence(l, kl, null, 0.0);
                double s = 0;
                for (double v : kl) {
                    s += scale * v;
                }
                return s;
            };
            assertClose(FiniteDifferences.gradient(lv, loss, 1e-6),
                    ElementView.of(gradient).toDoubleArray(), 1e-8, 1e-6,
                    "d KL / d logits, learned prior " + learned);
            if (learned) {
                ElementView prior = family.parameters().get(0).values();
                double[] analytic = family.parameters().get(0).gradients().toDoubleArray();
                assertClose(FiniteDifferences.gradient(prior, loss, 1e-6), analytic, 1e-8, 1e-6,
                        "d KL / d prior logits");
            }
        }
    }

    @Test
    void extremeLogitsGiveFiniteExactValues() {
        int n = 4;
        BernoulliFamily family = new BernoulliFamily(LatentSpec.bernoulliWithLearnedPrior(n));
        setPrior(family, 50, -50, 50, -50);
        INDArray l = Nd4j.createFromArray(new double[][] {{50, -50, -50, 50}});
        double[] kl = new double[1];
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, 1, n);
        family.divergence(l, kl, gradient, 1.0);
        // Units 0 and 1 agree with the prior (KL ~ 0); units 2 and 3 are opposite to it:
        // -log sigmoid(-50) = 50 nats each, up to exp(-50) terms.
        assertEquals(100.0, kl[0], 1e-9);
        assertAllFinite(ElementView.of(gradient).toDoubleArray(), "logit gradient");
        assertAllFinite(family.parameters().get(0).gradients().toDoubleArray(), "prior gradient");
        double[] w = new double[1];
        family.logImportanceWeights(l, new DecoderInput.Bits(new int[] {1, 0, 0, 1}, 1, n), w);
        assertEquals(-100.0, w[0], 1e-9, "log p(b) - log q(b|x) at the posterior's mode");
    }

    /**
     * {@code sum_b q(b) [log p(b) - log q(b)] = -KL} and {@code sum_b q(b) exp(log p - log q) = 1},
     * by enumerating all 2^N configurations, for the uniform and a learned prior.
     */
    @Test
    void importanceWeightsAverageToMinusTheKlUnderTheirPosterior() {
        int n = 4;
        for (boolean learned : new boolean[] {false, true}) {
            LatentSpec spec = learned ? LatentSpec.bernoulliWithLearnedPrior(n)
                    : LatentSpec.bernoulli(n);
            BernoulliFamily family = new BernoulliFamily(spec);
            if (learned) {
                setPrior(family, 1.5, -0.5, 0.0, -2.5);
            }
            INDArray l = randomLogits(1, n, 2.0, 4);
            double[] kl = new double[1];
            family.divergence(l, kl, null, 0.0);
            double meanWeight = 0;
            double priorMass = 0;
            double[] w = new double[1];
            for (int c = 0; c < 1 << n; c++) {
                int[] bits = new int[n];
                for (int i = 0; i < n; i++) {
                    bits[i] = (c >> i) & 1;
                }
                family.logImportanceWeights(l, new DecoderInput.Bits(bits, 1, n), w);
                double q = Math.exp(family.posterior().logProbabilityOf(bits, 0, 0));
                meanWeight += q * w[0];
                priorMass += q * Math.exp(w[0]);
            }
            assertEquals(-kl[0], meanWeight, 1e-12, "E_q[log p - log q] = -KL, learned " + learned);
            assertEquals(1.0, priorMass, 1e-12, "E_q[p / q] = 1, learned " + learned);
        }
    }

    @Test
    void samplesFollowTheirProbabilities() {
        int n = 3;
        BernoulliFamily family = new BernoulliFamily(LatentSpec.bernoulliWithLearnedPrior(n));
        double[] m = {-1.0, 0.0, 2.0};
        setPrior(family, m);
        INDArray l = Nd4j.createFromArray(new double[][] {{1.5, -0.5, 0.0}});
        int draws = 20_000;
        double[] posterior = new double[n];
        double[] prior = new double[n];
        RandomStream rng = RandomStream.of(5);
        for (int d = 0; d < draws; d++) {
            DecoderInput.Bits z = (DecoderInput.Bits) family.evaluationSample(l, rng);
            DecoderInput.Bits p = (DecoderInput.Bits) family.priorSample(1, rng);
            for (int i = 0; i < n; i++) {
                posterior[i] += z.bit(0, i);
                prior[i] += p.bit(0, i);
            }
        }
        for (int i = 0; i < n; i++) {
            double q = 1 / (1 + Math.exp(-l.getDouble(0, i)));
            double p = 1 / (1 + Math.exp(-m[i]));
            // 4.5 standard errors: each of six checks fails by chance with probability < 1e-5.
            assertEquals(q, posterior[i] / draws, 4.5 * Math.sqrt(q * (1 - q) / draws));
            assertEquals(p, prior[i] / draws, 4.5 * Math.sqrt(p * (1 - p) / draws));
        }
    }

    @Test
    void scoreGradientIsBitMinusProbability() {
        int n = 3;
        BernoulliPosterior q = new BernoulliPosterior(n);
        INDArray l = Nd4j.createFromArray(new double[][] {{0.3, -1.0, 2.0}, {0.0, 4.0, -4.0}});
        q.update(ElementView.of(l), 2);
        int[] bits = {1, 0, 1, 0, 0, 1};
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 2, n);
        q.addScoreGradient(bits, 0, new double[] {2.0, -1.0}, ElementView.of(g),
                io.github.dvae.core.tensor.WorkerPool.SERIAL);
        // The score is d log q(b) / d l: check it by finite differences of log q.
        for (int b = 0; b < 2; b++) {
            int row = b;
            double c = b == 0 ? 2.0 : -1.0;
            INDArray one = l.getRow(b).dup().reshape(1, n);
            ElementView ov = ElementView.of(one);
            BernoulliPosterior single = new BernoulliPosterior(n);
            int[] own = java.util.Arrays.copyOfRange(bits, row * n, row * n + n);
            double[] fd = FiniteDifferences.gradient(ov, () -> {
                single.update(ov, 1);
                return c * single.logProbabilityOf(own, 0, 0);
            }, 1e-6);
            double[] analytic = new double[n];
            for (int i = 0; i < n; i++) {
                analytic[i] = g.getDouble(b, i);
            }
            assertClose(fd, analytic, 1e-8, 1e-6, "score of example " + b);
        }
        assertTrue(q.logitWidth() == n);
    }
}

package io.github.dvae.core.model;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.latent.BernoulliFamily;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A VAE of Bernoulli units end to end: with the exact (enumerated) estimator its whole gradient,
 * learned prior included, matches central differences of a loss computed independently (dense
 * decoder input, the KL from its definition); its importance-weighted bound approaches the exact
 * {@code log p(x)}.
 */
class BernoulliVaeTest {

    private static final int UNITS = 3;

    private static INDArray data() {
        return Nd4j.createFromArray(new double[][] {{1, 0, 1, 1, 0, 0}, {0, 1, 1, 0, 1, 0},
            {1, 1, 0, 0, 0, 1}});
    }

    private static Vae model(LatentSpec latent, long seed) {
        VaeArchitecture a = new VaeArchitecture(6, new int[] {5}, latent, new int[] {4});
        Vae vae = new Vae(a, new EnumeratedGradient(latent), Adam.Settings.of(1e-3),
                DataType.DOUBLE, RandomStream.of(seed));
        // Spread the encoder's output bias, so that posteriors are far from uniform.
        var layers = vae.encoder().layers();
        ElementView bias = layers.get(layers.size() - 1).bias().values();
        RandomStream rng = RandomStream.of(seed + 1);
        for (int i = 0; i < bias.length(); i++) {
            bias.set(i, 1.5 * rng.nextGaussian());
        }
        return vae;
    }

    private static int[] bitsOf(int configuration) {
        int[] bits = new int[UNITS];
        for (int i = 0; i < UNITS; i++) {
            bits[i] = (configuration >> i) & 1;
        }
        return bits;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * {@code mean_b(-E_q[f_b] + KL_b)} from first principles: every configuration through the
     * decoder as a dense 0/1 input, {@code q} and the KL from {@code sigmoid}, the prior's logits
     * m read from the family's parameter (zero without one).
     */
    private static double loss(Vae vae, INDArray x, double[] priorLogits) {
        INDArray l = vae.encoder().forward(x).dup();
        DecoderObjective f = new DecoderObjective(vae.decoder(), DataType.DOUBLE).bind(x, 0);
        double total = 0;
        for (int b = 0; b < x.rows(); b++) {
            double expected = 0;
            for (int c = 0; c < 1 << UNITS; c++) {
                int[] bits = bitsOf(c);
                INDArray z = Nd4j.create(DataType.DOUBLE, x.rows(), UNITS);
                double q = 1;
                for (int i = 0; i < UNITS; i++) {
                    z.putScalar(b, i, bits[i]);
                    double p = sigmoid(l.getDouble(b, i));
                    q *= bits[i] == 1 ? p : 1 - p;
                }
                expected += q * f.values(new DecoderInput.Dense(z))[b];
            }
            double kl = 0;
            for (int i = 0; i < UNITS; i++) {
                double q = sigmoid(l.getDouble(b, i));
                double p = sigmoid(priorLogits == null ? 0 : priorLogits[i]);
                kl += q * Math.log(q / p) + (1 - q) * Math.log((1 - q) / (1 - p));
            }
            total += -expected + kl;
        }
        return total / x.rows();
    }

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        for (LatentSpec latent : new LatentSpec[] {LatentSpec.bernoulli(UNITS),
            LatentSpec.bernoulliWithLearnedPrior(UNITS)}) {
            Vae vae = model(latent, 21);
            ElementView prior = null;
            if (latent.learnedPrior()) {
                Parameter p = ((BernoulliFamily) vae.estimator().family()).parameters().get(0);
                assertTrue(vae.parameters().contains(p), "the learned prior is trained");
                prior = p.values();
                prior.set(0, 0.8);
                prior.set(2, -1.2);
            }
            ElementView priorView = prior;
            java.util.function.DoubleSupplier loss = () -> loss(vae, data(),
                    priorView == null ? null : priorView.toDoubleArray());
            vae.gradientEstimate(data(), RandomStream.of(1), vae.estimator(), true);
            for (Parameter p : vae.parameters()) {
                double[] analytic = p.gradients().toDoubleArray();
                double[] fd = FiniteDifferences.gradient(p.values(), loss, 1e-6);
                assertClose(fd, analytic, 1e-7, 1e-5, latent + " " + p.name());
            }
        }
    }

    @Test
    void importanceWeightedBoundApproachesTheExactLogLikelihood() {
        LatentSpec latent = LatentSpec.bernoulliWithLearnedPrior(UNITS);
        Vae vae = model(latent, 8);
        ElementView prior = ((BernoulliFamily) vae.estimator().family()).parameters().get(0)
                .values();
        prior.set(1, 1.0);
        INDArray x = data();
        DecoderObjective f = new DecoderObjective(vae.decoder(), DataType.DOUBLE).bind(x, 0);
        double exact = 0;
        INDArray encoded = vae.encoder().forward(x).dup();
        BernoulliFamily family = (BernoulliFamily) vae.estimator().family();
        for (int b = 0; b < 3; b++) {
            double sum = 0;
            double weighted = 0;
            for (int c = 0; c < 1 << UNITS; c++) {
                int[] bits = bitsOf(c);
                int[] rows = new int[3 * UNITS];
                double p = 1;
                for (int i = 0; i < UNITS; i++) {
                    for (int r = 0; r < 3; r++) {
                        rows[r * UNITS + i] = bits[i];
                    }
                    double on = sigmoid(prior.get(i));
                    p *= bits[i] == 1 ? on : 1 - on;
                }
                DecoderInput.Bits z = new DecoderInput.Bits(rows, 3, UNITS);
                double likelihood = Math.exp(f.values(z)[b]);
                sum += p * likelihood;
                // The family's weights p(z) / q(z|x), averaged under q, give p(x) exactly.
                double[] logWeights = new double[3];
                family.logImportanceWeights(encoded, z, logWeights);
                double q = Math.exp(family.posterior().logProbabilityOf(rows, b, b));
                weighted += q * Math.exp(logWeights[b]) * likelihood;
            }
            assertEquals(sum, weighted, 1e-12 * sum, "E_q[p(x|z) p(z) / q(z|x)] = p(x)");
            exact += Math.log(sum);
        }
        double elbo = 0;
        RandomStream rng = RandomStream.of(1);
        for (int i = 0; i < 2000; i++) {
            elbo += vae.evaluate(x, rng).elboSum() / 2000;
        }
        double iw10 = 0;
        RandomStream iwRng = RandomStream.of(2);
        for (int i = 0; i < 400; i++) {
            iw10 += vae.importanceWeightedBound(x, 10, iwRng) / 400;
        }
        double iw10000 = vae.importanceWeightedBound(x, 10_000, RandomStream.of(3));
        System.out.printf("Bernoulli: ELBO %.4f, IW-10 %.4f, IW-10000 %.4f, log p(x) %.4f%n",
                elbo, iw10, iw10000, exact);
        assertTrue(iw10 > elbo, "IW-10 " + iw10 + " above the ELBO " + elbo);
        assertTrue(iw10000 > iw10, "IW-10000 " + iw10000 + " above IW-10 " + iw10);
        assertTrue(iw10000 <= exact + 1e-3, "a bound: " + iw10000 + " <= " + exact);
        // The gap shrinks as the weights' relative variance over 2k: a few hundredths here.
        assertEquals(exact, iw10000, 0.05, "10,000 samples over 8 configurations: nearly exact");
    }
}

package io.github.dvae.core.model;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
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
 * The model's whole backward pass (estimator gradient, KL gradient, encoder and decoder) against
 * central differences of the loss, in double, with a deterministic estimator.
 */
class VaeGradientTest {

    static final LatentSpec LATENT = LatentSpec.categorical(2, 3);
    static final VaeArchitecture TINY =
            new VaeArchitecture(6, new int[] {5}, LATENT, new int[] {4});

    static INDArray data() {
        return Nd4j.createFromArray(new double[][] {{1, 0, 1, 1, 0, 0}, {0, 1, 1, 0, 1, 0},
            {1, 1, 0, 0, 0, 1}});
    }

    /** {@code mean_b(-f(softmax(l_b)) + KL_b)}, computed without the model's backward code. */
    private static double loss(Vae vae, SoftmaxRelaxation estimator, INDArray x) {
        INDArray logits = vae.encoder().forward(x);
        INDArray y = estimator.relax(logits);
        double[] f = new DecoderObjective(vae.decoder(), DataType.DOUBLE).bind(x, 0)
                .values(new DecoderInput.Dense(y));
        CategoricalPosterior q = new CategoricalPosterior(LATENT);
        q.update(ElementView.of(logits), x.rows());
        double[] kl = new double[x.rows()];
        q.klToUniform(kl);
        double s = 0;
        for (int b = 0; b < x.rows(); b++) {
            s += -f[b] + kl[b];
        }
        return s / x.rows();
    }

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        SoftmaxRelaxation estimator = new SoftmaxRelaxation(LATENT);
        Vae vae = new Vae(TINY, estimator, Adam.Settings.of(1e-3), DataType.DOUBLE,
                RandomStream.of(21));
        INDArray x = data();
        vae.gradientEstimate(x, RandomStream.of(1), estimator, true);
        double[][] analytic = new double[vae.parameters().size()][];
        for (int i = 0; i < analytic.length; i++) {
            analytic[i] = vae.parameters().get(i).gradients().toDoubleArray();
        }
        for (int i = 0; i < analytic.length; i++) {
            Parameter p = vae.parameters().get(i);
            double[] fd = FiniteDifferences.gradient(p.values(), () -> loss(vae, estimator, x),
                    1e-6);
            assertClose(fd, analytic[i], 1e-7, 1e-5, p.name());
        }
    }

    @Test
    void trainingReducesTheLossAndReportsConsistentMeans() {
        SoftmaxRelaxation estimator = new SoftmaxRelaxation(LATENT);
        Vae vae = new Vae(TINY, estimator, Adam.Settings.of(0.05), DataType.DOUBLE,
                RandomStream.of(2));
        INDArray x = data();
        double before = loss(vae, estimator, x);
        TrainingStep first = vae.trainStep(x, RandomStream.of(3));
        assertEquals(-before, first.elbo(), 1e-9, "the step reports the ELBO it trained on");
        assertEquals(first.reconstruction() - first.kl(), first.elbo(), 1e-12);
        for (int i = 0; i < 200; i++) {
            vae.trainStep(x, RandomStream.of(3));
        }
        double after = loss(vae, estimator, x);
        assertTrue(after < before - 1.0, "loss " + before + " -> " + after);
        assertEquals(201, vae.steps());
    }

    @Test
    void evaluationUsesHardSamplesAndTheAnalyticKl() {
        SoftmaxRelaxation estimator = new SoftmaxRelaxation(LATENT);
        Vae vae = new Vae(TINY, estimator, Adam.Settings.of(1e-3), DataType.DOUBLE,
                RandomStream.of(4));
        INDArray x = data();
        Evaluation e = vae.evaluate(x, RandomStream.of(5));
        assertEquals(3, e.count());
        assertEquals(e.reconstruction() - e.kl(), e.elbo(), 1e-12);
        assertTrue(e.kl() >= 0 && e.kl() <= LATENT.uniformPriorEntropy());
        double[] rec = vae.reconstruct(x, RandomStream.of(5));
        assertEquals(18, rec.length);
        double[] gen = vae.generate(7, RandomStream.of(6));
        assertEquals(42, gen.length);
        for (double v : gen) {
            assertTrue(v > 0 && v < 1);
        }
    }

    @Test
    void importanceWeightedBoundLiesBetweenTheElboAndTheExactLogLikelihood() {
        SoftmaxRelaxation estimator = new SoftmaxRelaxation(LATENT);
        Vae vae = new Vae(TINY, estimator, Adam.Settings.of(1e-3), DataType.DOUBLE,
                RandomStream.of(8));
        INDArray x = data();
        // log p(x) exactly: sum over the 9 configurations of p(x|z) K^-N.
        INDArray encoded = vae.encoder().forward(x);
        DecoderObjective f = new DecoderObjective(vae.decoder(), DataType.DOUBLE).bind(x, 0);
        double exact = 0;
        for (int b = 0; b < 3; b++) {
            double sum = 0;
            for (int c = 0; c < 9; c++) {
                int[] codes = new int[6];
                for (int r = 0; r < 3; r++) {
                    codes[2 * r] = c % 3;
                    codes[2 * r + 1] = c / 3;
                }
                double[] v = f.values(new DecoderInput.OneHot(codes, 3, 2, 3));
                sum += Math.exp(v[b]) / 9;
            }
            exact += Math.log(sum);
        }
        assertTrue(encoded.rows() == 3);
        double elbo = 0;
        RandomStream rng = RandomStream.of(1);
        for (int i = 0; i < 2000; i++) {
            elbo += vae.evaluate(x, rng).elboSum() / 2000;
        }
        // The bound is an expectation: average 400 draws of the 10-sample estimate.
        double iw10 = 0;
        RandomStream iwRng = RandomStream.of(2);
        for (int i = 0; i < 400; i++) {
            iw10 += vae.importanceWeightedBound(x, 10, iwRng) / 400;
        }
        double iw10000 = vae.importanceWeightedBound(x, 10_000, RandomStream.of(3));
        System.out.printf("ELBO %.4f, IW-10 %.4f, IW-10000 %.4f, log p(x) %.4f%n", elbo, iw10,
                iw10000, exact);
        assertTrue(iw10 > elbo, "IW-10 " + iw10 + " above the ELBO " + elbo);
        assertTrue(iw10000 > iw10, "IW-10000 " + iw10000 + " above IW-10 " + iw10);
        assertEquals(exact, iw10000, 0.01, "10,000 samples over 9 configurations: nearly exact");
    }
}

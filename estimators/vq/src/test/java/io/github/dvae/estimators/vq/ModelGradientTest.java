package io.github.dvae.estimators.vq;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.DecoderObjective;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every parameter gradient of a whole VQ model (encoder, decoder, codebook), as the core
 * {@link Vae} computes it with these estimators, against central differences of a loss written
 * independently in this test, in double. This pins the SPI's sign and scale conventions: the
 * estimator returns ascent directions per example, the model multiplies by {@code -1/B}, and the
 * codebook's own gradient must already be for descent on the batch mean.
 *
 * <p>Tiny model: 6 pixels, hidden 5, N = 2 vectors of D = 2 against K = 3 entries, hidden 4,
 * 3 examples.
 */
class ModelGradientTest {

    private static final LatentSpec LATENT = new LatentSpec(2, 3, 2);
    private static final VaeArchitecture TINY =
            new VaeArchitecture(6, new int[] {5}, LATENT, new int[] {4});
    private static final int ROWS = 6;
    private static final int D = 2;
    private static final int K = 3;

    private static INDArray data() {
        return Nd4j.createFromArray(new double[][] {{1, 0, 1, 1, 0, 0}, {0, 1, 1, 0, 1, 0},
            {1, 1, 0, 0, 0, 1}});
    }

    private static EstimatorConfig config(Map<String, String> options) {
        return new EstimatorConfig(LATENT, 6, DataType.DOUBLE, 5L, options);
    }

    /** Entries spread on the scale of the encoder's outputs, so assignments differ. */
    private static void spreadEntries(INDArray codebook, long seed) {
        ElementView c = ElementView.of(codebook);
        RandomStream rng = RandomStream.of(seed);
        for (int i = 0; i < c.length(); i++) {
            c.set(i, 0.6 * rng.nextGaussian());
        }
    }

    private static double[][] gradients(Vae vae) {
        List<Parameter> ps = vae.parameters();
        double[][] out = new double[ps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).gradients().toDoubleArray();
        }
        return out;
    }

    private static void checkAll(Vae vae, double[][] analytic, DoubleSupplier loss) {
        double largest = 0;
        for (int i = 0; i < analytic.length; i++) {
            Parameter p = vae.parameters().get(i);
            double[] fd = FiniteDifferences.gradient(p.values(), loss, 1e-6);
            assertClose(fd, analytic[i], 1e-7, 1e-5, p.name());
            largest = Math.max(largest, VqEstimatorTest.maxAbs(fd));
        }
        assertTrue(largest > 0.01, "the check is not vacuous");
    }

    /**
     * VQ-VAE's gradient is the gradient of a surrogate: with the assignment {@code k0}, the
     * entries {@code e0} and encoder outputs {@code z0} of the step frozen,
     * {@code mean_b[-f(z_e + (e0 - z0)) + beta ||z_e - e0||^2 + ||z0 - e_k0||^2]}: the decoder
     * input moves with the encoder (straight-through), the commitment pulls the encoder, the
     * codebook loss pulls the entries.
     */
    @Test
    void vqGradientsAreThoseOfTheStraightThroughSurrogate() {
        for (String update : new String[] {"loss", "ema"}) {
            double beta = 0.4;
            VqEstimator e = (VqEstimator) new VqEstimatorProvider().create(config(Map.of(
                    "codebook", update, "beta", Double.toString(beta))));
            Vae vae = new Vae(TINY, e, Adam.Settings.of(1e-3), DataType.DOUBLE,
                    RandomStream.of(11));
            spreadEntries(e.codebook(), 12);
            INDArray x = data();
            double[] z0 = ElementView.of(vae.encoder().forward(x)).toDoubleArray();
            double[] e0 = ElementView.of(e.codebook()).toDoubleArray();
            int[] k0 = VqEstimatorTest.nearest(z0, e0);
            double[] q0 = VqEstimatorTest.gathered(k0, e0);
            assertTrue(k0[0] != k0[1] || k0[1] != k0[2] || k0[2] != k0[3],
                    "assignments differ");

            EstimatorStep step = vae.gradientEstimate(x, RandomStream.of(1), e, true);
            double[][] analytic = gradients(vae);
            assertEquals(update.equals("loss") ? 9 : 8, analytic.length,
                    "encoder, decoder (and codebook)");

            DecoderObjective f = new DecoderObjective(vae.decoder(), DataType.DOUBLE);
            double[] fAtStep = f.bind(x, 0).values(new DecoderInput.Dense(
                    Nd4j.createFromArray(q0).reshape(3, 4)));
            for (int b = 0; b < 3; b++) {
                assertEquals(fAtStep[b], step.objective()[b], 1e-12,
                        "the objective is f at the quantised input");
            }
            checkAll(vae, analytic, () -> {
                double[] z = ElementView.of(vae.encoder().forward(x)).toDoubleArray();
                double[] entries = ElementView.of(e.codebook()).toDoubleArray();
                double[] input = new double[z.length];
                double perExample = 0;
                for (int i = 0; i < z.length; i++) {
                    input[i] = z[i] + (q0[i] - z0[i]);
                    perExample += beta * (z[i] - q0[i]) * (z[i] - q0[i]);
                    double codebookDiff = z0[i] - entries[k0[i / D] * D + i % D];
                    perExample += codebookDiff * codebookDiff;
                }
                double[] values = f.bind(x, 0).values(new DecoderInput.Dense(
                        Nd4j.createFromArray(input).reshape(3, 4)));
                double loss = perExample;
                for (double v : values) {
                    loss -= v;
                }
                return loss / 3;
            });
        }
    }

    /**
     * The relaxed Gumbel VQ is differentiable for fixed noise: the loss
     * {@code mean_b[-f(sum_k y_k e_k) + KL_b]}, with {@code y = softmax((l + g) / tau)},
     * {@code l_k = -scale ||z - e_k||^2} and the analytic categorical KL, written here from
     * scratch with the noise drawn in the estimator's order.
     */
    @Test
    void relaxedGumbelGradientsMatchFiniteDifferencesWithFixedNoise() {
        double tau = 0.7;
        double scale = 1.3;
        GumbelVqEstimator e = (GumbelVqEstimator) new GumbelVqEstimatorProvider().create(
                config(Map.of("tau", Double.toString(tau), "scale", Double.toString(scale))));
        Vae vae = new Vae(TINY, e, Adam.Settings.of(1e-3), DataType.DOUBLE, RandomStream.of(21));
        spreadEntries(e.codebook(), 22);
        INDArray x = data();
        long noise = 23;
        EstimatorStep step = vae.gradientEstimate(x, RandomStream.of(noise), e, true);
        double[][] analytic = gradients(vae);
        assertEquals(9, analytic.length, "encoder, decoder and the codebook");
        DecoderObjective f = new DecoderObjective(vae.decoder(), DataType.DOUBLE);
        double[] fRelaxed = new double[3];
        relaxedLoss(vae, e, f, x, noise, tau, scale, fRelaxed);
        for (int b = 0; b < 3; b++) {
            assertEquals(fRelaxed[b], step.objective()[b], 1e-12,
                    "the objective is f at the relaxed input");
        }
        checkAll(vae, analytic, () -> relaxedLoss(vae, e, f, x, noise, tau, scale, null));
    }

    private static double relaxedLoss(Vae vae, GumbelVqEstimator e, DecoderObjective f,
            INDArray x, long noise, double tau, double scale, double[] fOut) {
        double[] z = ElementView.of(vae.encoder().forward(x)).toDoubleArray();
        double[] entries = ElementView.of(e.codebook()).toDoubleArray();
        RandomStream rng = RandomStream.of(noise);
        double[] input = new double[z.length];
        double kl = 0;
        for (int r = 0; r < ROWS; r++) {
            double[] l = new double[K];
            double[] a = new double[K];
            for (int k = 0; k < K; k++) {
                double s = 0;
                for (int d = 0; d < D; d++) {
                    double diff = z[r * D + d] - entries[k * D + d];
                    s += diff * diff;
                }
                l[k] = -scale * s;
                a[k] = (l[k] + rng.nextGumbel()) / tau;
            }
            double[] y = softmax(a);
            double[] q = softmax(l);
            for (int k = 0; k < K; k++) {
                for (int d = 0; d < D; d++) {
                    input[r * D + d] += y[k] * entries[k * D + d];
                }
                kl += q[k] * Math.log(q[k]);
            }
            kl += Math.log(K);
        }
        double[] values = f.bind(x, 0).values(new DecoderInput.Dense(
                Nd4j.createFromArray(input).reshape(3, 4)));
        double loss = kl;
        for (int b = 0; b < values.length; b++) {
            loss -= values[b];
            if (fOut != null) {
                fOut[b] = values[b];
            }
        }
        return loss / 3;
    }

    static double[] softmax(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.exp(a[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < a.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}

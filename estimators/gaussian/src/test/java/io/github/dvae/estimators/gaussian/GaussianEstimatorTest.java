package io.github.dvae.estimators.gaussian;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import io.github.dvae.core.testing.SmallTraining;
import io.github.dvae.core.testing.TinyProblem;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianEstimatorTest {

    private static final GaussianEstimatorProvider PROVIDER = new GaussianEstimatorProvider();

    /** Two examples of three Gaussian variables: means then log-variances, per row. */
    private static final double[][] ENCODED = {
        {0.5, -1.0, 2.0, 0.0, -1.5, 0.8},
        {-0.3, 0.7, 0.0, 1.2, 0.4, -0.6}};

    /** Targets t per example of {@code f_b(z) = -||z - t_b||^2}. */
    private static final double[][] TARGET = {{1.0, 0.0, -1.0}, {0.2, 0.2, 0.5}};

    private static final DifferentiableFunction DISTANCE = new DifferentiableFunction() {
        @Override
        public double value(int example, double[] z) {
            return valueAndGradient(example, z, new double[z.length]);
        }

        @Override
        public double valueAndGradient(int example, double[] z, double[] gradient) {
            double f = 0;
            for (int i = 0; i < z.length; i++) {
                double d = z[i] - TARGET[example][i];
                f -= d * d;
                gradient[i] = -2 * d;
            }
            return f;
        }
    };

    private static GradientEstimator create(int variables) {
        return PROVIDER.create(new EstimatorConfig(LatentSpec.categorical(variables, 2), 1,
                DataType.DOUBLE, 0, Map.of()));
    }

    /**
     * With {@code a = mu - t}, {@code s^2 = exp(v)}: {@code E[f] = -sum(a^2 + s^2)},
     * {@code dE/dmu = -2a} and {@code dE/dv = -s^2}. Per draw, {@code g_mu = -2(a + s eps)}
     * (variance {@code 4 s^2}) and {@code g_v = -(a + s eps) s eps} (variance
     * {@code a^2 s^2 + 2 s^4}): the mean must match within standard errors, and the variance
     * within sampling error (a shared or reused noise draw would show there).
     */
    @Test
    void meanAndVarianceOfTheReparameterisedGradientMatchTheClosedForm() {
        GradientEstimator e = create(3);
        INDArray encoded = Nd4j.createFromArray(ENCODED);
        FunctionObjective f = new FunctionObjective(DISTANCE, 2, 3, DataType.DOUBLE);
        RandomStream rng = RandomStream.of(77);
        int count = 20_000;
        CoordinateMoments gradient = new CoordinateMoments(12);
        CoordinateMoments objective = new CoordinateMoments(2);
        for (int m = 0; m < count; m++) {
            EstimatorStep step = e.estimate(new EstimatorInput(encoded, encoded, m, true), f, rng);
            gradient.add(ElementView.of(step.gradient()).toDoubleArray());
            objective.add(step.objective().clone());
        }
        double[] analytic = new double[12];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                analytic[b * 6 + i] = -2 * (ENCODED[b][i] - TARGET[b][i]);
                analytic[b * 6 + 3 + i] = -Math.exp(ENCODED[b][3 + i]);
            }
        }
        GradientComparison c = GradientComparison.of(gradient, analytic);
        System.out.printf("gaussian on -||z - t||^2: relative error %.4f, cosine %.5f, max |z| "
                + "%.2f, mean variance %.3f%n", c.relativeError(), c.cosine(), c.maxAbsZ(),
                gradient.meanVariance());
        // Family-wise false alarm 1e-4 over the 12 gradient and 2 objective coordinates.
        double bound = new NormalDistribution().inverseCumulativeProbability(1 - 1e-4 / (2 * 14));
        for (int b = 0; b < 2; b++) {
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                double a = ENCODED[b][i] - TARGET[b][i];
                double s2 = Math.exp(ENCODED[b][3 + i]);
                expected -= a * a + s2;
                int mu = b * 6 + i;
                int v = b * 6 + 3 + i;
                assertEquals(-2 * a, gradient.mean(mu), bound * Math.sqrt(4 * s2 / count),
                        "d/dmu example " + b + " variable " + i);
                double varianceV = a * a * s2 + 2 * s2 * s2;
                assertEquals(-s2, gradient.mean(v), bound * Math.sqrt(varianceV / count),
                        "d/dv example " + b + " variable " + i);
                // Sample variances of 20,000 draws: within 10% (about 4 standard errors of the
                // heavier-tailed g_v's).
                assertEquals(4 * s2, gradient.variance(mu), 0.1 * 4 * s2, "variance of g_mu");
                assertEquals(varianceV, gradient.variance(v), 0.1 * varianceV, "variance of g_v");
            }
            assertEquals(expected, objective.mean(b),
                    bound * objective.standardError(b), "E[f] example " + b);
        }
    }

    /**
     * The KL against an independent Monte-Carlo estimate of {@code E_q[log q - log p]}, its
     * gradient against finite differences (scaled, and added to what the gradient held), and
     * its limits: zero at the prior, {@code mu^2 / 2} for a shifted unit Gaussian.
     */
    @Test
    void klMatchesMonteCarloAndItsGradientMatchesFiniteDifferences() {
        LatentFamily family = create(3).family();
        INDArray encoded = Nd4j.createFromArray(ENCODED);
        double[] kl = new double[2];
        family.divergence(encoded, kl, null, 0);

        RandomStream rng = RandomStream.of(5);
        int draws = 200_000;
        for (int b = 0; b < 2; b++) {
            CoordinateMoments logRatio = new CoordinateMoments(1);
            double[] one = new double[1];
            for (int m = 0; m < draws; m++) {
                double s = 0;
                for (int i = 0; i < 3; i++) {
                    double mu = ENCODED[b][i];
                    double v = ENCODED[b][3 + i];
                    double eps = rng.nextGaussian();
                    double z = mu + Math.exp(0.5 * v) * eps;
                    // log q(z) - log p(z); the 2 pi terms cancel.
                    s += -0.5 * v - 0.5 * eps * eps + 0.5 * z * z;
                }
                one[0] = s;
                logRatio.add(one);
            }
            assertEquals(logRatio.mean(0), kl[b], 4.5 * logRatio.standardError(0),
                    "KL of example " + b + " against Monte Carlo");
        }

        double scale = 0.25;
        INDArray gradient = Nd4j.create(DataType.DOUBLE, 2, 6).assign(1.0);
        family.divergence(encoded, kl, gradient, scale);
        double[] analytic = ElementView.of(gradient).toDoubleArray();
        double[] fd = FiniteDifferences.gradient(ElementView.of(encoded), () -> {
            double[] k = new double[2];
            family.divergence(encoded, k, null, 0);
            return scale * (k[0] + k[1]);
        }, 1e-6);
        for (int i = 0; i < fd.length; i++) {
            fd[i] += 1.0;
        }
        assertClose(fd, analytic, 1e-8, 1e-6, "1 + scale * dKL/d(mu, v)");

        INDArray prior = Nd4j.create(DataType.DOUBLE, 1, 6);
        family.divergence(prior, kl, null, 0);
        assertEquals(0.0, kl[0], 0.0, "KL of the prior to itself");
        INDArray shifted = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5, 0, 0, 0}});
        family.divergence(shifted, kl, null, 0);
        assertEquals(0.5 * (1 + 4 + 0.25), kl[0], 1e-12, "KL of N(mu, I) is |mu|^2 / 2");
    }

    /** The importance weights' log has mean -KL under q, and is exactly 0 when q is the prior. */
    @Test
    void logImportanceWeightsAverageToMinusTheKl() {
        LatentFamily family = create(3).family();
        assertTrue(family.hasDensity());
        INDArray encoded = Nd4j.createFromArray(ENCODED);
        double[] kl = new double[2];
        family.divergence(encoded, kl, null, 0);
        RandomStream rng = RandomStream.of(8);
        CoordinateMoments logW = new CoordinateMoments(2);
        double[] w = new double[2];
        for (int m = 0; m < 100_000; m++) {
            family.logImportanceWeights(encoded, family.evaluationSample(encoded, rng), w);
            logW.add(w);
        }
        for (int b = 0; b < 2; b++) {
            assertEquals(-kl[b], logW.mean(b), 4.5 * logW.standardError(b), "example " + b);
        }
        INDArray prior = Nd4j.create(DataType.DOUBLE, 1, 6);
        family.logImportanceWeights(prior, family.evaluationSample(prior, rng), w);
        assertEquals(0.0, w[0], 1e-12, "q = p: every weight is 1");
    }

    /**
     * At a fixed noise draw the reparameterised estimate is the exact gradient of
     * {@code -mean_b f_b(mu + sigma eps) + mean_b KL_b}: every parameter of the whole model
     * (encoder, through mu and v, and decoder) against central differences of that loss.
     */
    @Test
    void wholeModelGradientAtFixedNoiseMatchesFiniteDifferences() {
        TinyProblem problem = new TinyProblem();
        GradientEstimator e = problem.estimator(PROVIDER, Map.of());
        Vae vae = problem.model(e, 4, 1.0);
        INDArray data = problem.data();
        vae.gradientEstimate(data, RandomStream.of(9), e, true);
        double[] analytic = TinyProblem.gradients(vae);
        int at = 0;
        for (Parameter p : vae.parameters()) {
            double[] fd = FiniteDifferences.gradient(p.values(), () -> {
                double[] f = vae.gradientEstimate(data, RandomStream.of(9), e, false).objective();
                double[] kl = new double[data.rows()];
                e.family().divergence(vae.encoder().forward(data), kl, null, 0);
                double loss = 0;
                for (int b = 0; b < f.length; b++) {
                    loss += (-f[b] + kl[b]) / f.length;
                }
                return loss;
            }, 1e-6);
            double[] mine = java.util.Arrays.copyOfRange(analytic, at, at + p.size());
            assertClose(fd, mine, 1e-7, 1e-5, p.name());
            at += p.size();
        }
    }

    @Test
    void evaluationSamplesFollowThePosteriorAndPriorSamplesTheStandardNormal() {
        LatentFamily family = create(2).family();
        int rows = 20_000;
        double[] row = {1.5, -0.5, 0.6, -1.2};
        INDArray encoded = Nd4j.create(DataType.DOUBLE, rows, 4);
        ElementView ev = ElementView.of(encoded);
        for (int i = 0; i < ev.length(); i++) {
            ev.set(i, row[i % 4]);
        }
        checkMoments(family.evaluationSample(encoded, RandomStream.of(1)), new double[] {1.5, -0.5},
                new double[] {Math.exp(0.6), Math.exp(-1.2)});
        checkMoments(family.priorSample(rows, RandomStream.of(2)), new double[] {0, 0},
                new double[] {1, 1});
    }

    private static void checkMoments(DecoderInput sample, double[] mean, double[] variance) {
        INDArray z = ((DecoderInput.Dense) sample).values();
        assertEquals(mean.length, z.columns(), "one column per variable");
        CoordinateMoments m = new CoordinateMoments(mean.length);
        ElementView v = ElementView.of(z);
        double[] row = new double[mean.length];
        for (int r = 0; r < z.rows(); r++) {
            v.copyTo(r * mean.length, row, 0, mean.length);
            m.add(row);
        }
        for (int i = 0; i < mean.length; i++) {
            assertEquals(mean[i], m.mean(i), 4.5 * Math.sqrt(variance[i] / z.rows()), "mean " + i);
            // The sample variance of 20,000 normal draws has a relative standard error of 1%.
            assertEquals(variance[i], m.variance(i), 0.05 * variance[i], "variance " + i);
        }
    }

    @Test
    void usesTheSpecsVariablesOnlyAndRefusesOptions() {
        for (int classes : new int[] {2, 10, 256}) {
            LatentFamily family = PROVIDER.create(EstimatorConfig.of(
                    LatentSpec.categorical(7, classes), 784)).family();
            assertEquals(14, family.encoderWidth(), "2N encoder outputs whatever K = " + classes);
            assertEquals(7, family.decoderWidth(), "N decoder inputs whatever K = " + classes);
        }
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> PROVIDER.create(EstimatorConfig.of(LatentSpec.categorical(3, 2), 6)
                        .withOption("samples", "2")));
        assertTrue(e.getMessage().contains("'gaussian'")
                && e.getMessage().contains("no option 'samples'"), e.getMessage());
    }

    /**
     * 200 Adam steps of 32 images on the small preset. Measured (seeded): test ELBO -553.2 to
     * -150.2 nats (+403); a gain of 150 nats is well inside it.
     */
    @Test
    void trainsTheSmallPreset() {
        SmallTraining.Result r = SmallTraining.run(PROVIDER, Map.of(), 200, 32, 2e-3, 1);
        System.out.println("gaussian, 200 steps: " + r);
        assertTrue(r.improvement() > 150, r.toString());
    }
}

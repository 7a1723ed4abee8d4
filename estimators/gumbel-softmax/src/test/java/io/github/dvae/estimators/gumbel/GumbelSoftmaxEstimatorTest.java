package io.github.dvae.estimators.gumbel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalEnumeration;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bias of the Gumbel-Softmax estimators, measured against enumeration on two 3-class variables
 * with a smooth non-linear {@code f(z) = -||A z - t||^2}.
 */
class GumbelSoftmaxEstimatorTest {

    private static final LatentSpec LATENT = LatentSpec.categorical(2, 3);
    private static final double[][] A = {{1.0, -2.0, 0.5, 1.5, 0.0, -1.0},
        {0.3, 0.8, -1.2, -0.4, 2.0, 0.6}};
    private static final double[] T = {0.4, -0.3};
    private static final double[] LOGITS = {1.2, -0.4, 0.1, -0.8, 0.9, 0.3};

    private static final DifferentiableFunction QUADRATIC = new DifferentiableFunction() {
        @Override
        public double value(int example, double[] z) {
            return valueAndGradient(example, z, new double[z.length]);
        }

        @Override
        public double valueAndGradient(int example, double[] z, double[] gradient) {
            java.util.Arrays.fill(gradient, 0.0);
            double f = 0;
            for (int i = 0; i < A.length; i++) {
                double r = -T[i];
                for (int j = 0; j < z.length; j++) {
                    r += A[i][j] * z[j];
                }
                f -= r * r;
                for (int j = 0; j < z.length; j++) {
                    gradient[j] -= 2 * r * A[i][j];
                }
            }
            return f;
        }
    };

    private static INDArray logits() {
        return Nd4j.createFromArray(LOGITS).reshape(1, 6);
    }

    private static double[] exactGradient() {
        CategoricalPosterior q = new CategoricalPosterior(LATENT);
        q.update(ElementView.of(logits()), 1);
        INDArray g = Nd4j.create(DataType.DOUBLE, 1, 6);
        CategoricalEnumeration.expectation(q, new FunctionObjective(QUADRATIC, 1, 6,
                DataType.DOUBLE), Objective.Target.INPUT, new double[1], ElementView.of(g));
        return ElementView.of(g).toDoubleArray();
    }

    private static GradientComparison measure(EstimatorProvider provider, double tau, int count) {
        GradientEstimator e = provider.create(new EstimatorConfig(LATENT, 1, DataType.DOUBLE, 0,
                Map.of("tau", Double.toString(tau))));
        FunctionObjective f = new FunctionObjective(QUADRATIC, 1, 6, DataType.DOUBLE);
        RandomStream rng = RandomStream.of(7);
        CoordinateMoments m = new CoordinateMoments(6);
        INDArray l = logits();
        for (int i = 0; i < count; i++) {
            m.add(ElementView.of(e.estimate(new EstimatorInput(l, l, 0, true), f, rng).gradient())
                    .toDoubleArray());
        }
        return GradientComparison.of(m, exactGradient());
    }

    @Test
    void relaxedBiasShrinksAsTheTemperatureFalls() {
        double[] taus = {2.0, 1.0, 0.5, 0.25};
        double previous = Double.POSITIVE_INFINITY;
        for (double tau : taus) {
            GradientComparison c = measure(new GumbelSoftmaxEstimatorProvider(), tau, 20_000);
            System.out.printf("gumbel-softmax tau=%.2f: relative bias %.4f, cosine %.4f, "
                    + "max |z| %.1f%n", tau, c.relativeError(), c.cosine(), c.maxAbsZ());
            assertTrue(c.relativeError() < previous, "bias at tau=" + tau + " is "
                    + c.relativeError() + ", not below " + previous);
            previous = c.relativeError();
        }
        GradientComparison hot = measure(new GumbelSoftmaxEstimatorProvider(), 2.0, 20_000);
        assertTrue(hot.maxAbsZ() > 10, "at tau=2 the bias is many standard errors: "
                + hot.maxAbsZ());
    }

    @Test
    void straightThroughBiasIsMeasuredAndReal() {
        for (double tau : new double[] {1.0, 0.5}) {
            GradientComparison c = measure(new StraightThroughGumbelSoftmaxEstimatorProvider(),
                    tau, 20_000);
            System.out.printf("st-gumbel-softmax tau=%.2f: relative bias %.4f, cosine %.4f, "
                    + "max |z| %.1f%n", tau, c.relativeError(), c.cosine(), c.maxAbsZ());
            assertTrue(c.maxAbsZ() > 5, "straight-through is biased on this problem");
            assertTrue(c.cosine() > 0.5, "but points the right way: cosine " + c.cosine());
        }
    }

    @Test
    void straightThroughForwardValueIsAHardOneHotSample() {
        GradientEstimator e = new StraightThroughGumbelSoftmaxEstimatorProvider().create(
                new EstimatorConfig(LATENT, 1, DataType.DOUBLE, 0, Map.of("tau", "0.7")));
        FunctionObjective inner = new FunctionObjective(QUADRATIC, 1, 6, DataType.DOUBLE);
        int[] seen = new int[3];
        Objective spy = new Objective() {
            @Override
            public int examples() {
                return 1;
            }

            @Override
            public int inputWidth() {
                return 6;
            }

            @Override
            public double[] values(DecoderInput z) {
                return inner.values(z);
            }

            @Override
            public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
                assertTrue(z instanceof DecoderInput.OneHot, "decoder input " + z);
                DecoderInput.OneHot h = (DecoderInput.OneHot) z;
                assertEquals(1, h.rows());
                seen[h.code(0, 0)]++;
                return inner.differentiate(z, weights, target);
            }
        };
        INDArray l = logits();
        RandomStream rng = RandomStream.of(3);
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            e.estimate(new EstimatorInput(l, l, 0, true), spy, rng);
        }
        // argmax(l + g) is an exact categorical sample: frequencies follow softmax(l).
        double z = Math.exp(1.2) + Math.exp(-0.4) + Math.exp(0.1);
        for (int c = 0; c < 3; c++) {
            double p = Math.exp(LOGITS[c]) / z;
            assertEquals(p, seen[c] / (double) draws, 4.5 * Math.sqrt(p * (1 - p) / draws),
                    "frequency of class " + c);
        }
    }

    @Test
    void annealingFollowsJangsSchedule() {
        TemperatureSchedule s = new TemperatureSchedule(1.0, 0.5, 1e-3, 100);
        assertEquals(1.0, s.at(99), 0);
        assertEquals(Math.exp(-0.1), s.at(100), 1e-12);
        assertEquals(Math.exp(-0.1), s.at(199), 1e-12);
        assertEquals(0.5, s.at(1_000_000), 0);
        assertEquals(0.7, new TemperatureSchedule(0.7, 0.5, 0, 1).at(10_000), 0);
    }

    @Test
    void badTemperaturesAreNamed() {
        EstimatorConfig c = EstimatorConfig.of(LATENT, 6);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> new GumbelSoftmaxEstimatorProvider().create(c.withOption("tau", "-1")));
        assertTrue(e.getMessage().contains("tau=-1") && e.getMessage().contains("> 0"),
                e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> new GumbelSoftmaxEstimatorProvider()
                .create(c.withOption("anneal-rate", "-0.1")));
        assertTrue(e.getMessage().contains("anneal-rate=-0.1"), e.getMessage());
    }
}

package io.github.dvae.estimators.gumbel;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The binary Concrete on Bernoulli units: at fixed noise (the same stream) the relaxed estimate is
 * the derivative of {@code f(sigmoid((l + L) / tau))}, checked by central differences; the hard
 * samples of the straight-through form are {@code Bernoulli(sigmoid(l))} draws.
 */
class BinaryConcreteTest {

    private static final DifferentiableFunction CUBIC = new DifferentiableFunction() {
        @Override
        public double value(int example, double[] z) {
            double s = 0;
            for (int i = 0; i < z.length; i++) {
                s += (i + 1) * z[i] * z[i] * z[i] - 0.7 * z[i];
            }
            return s;
        }

        @Override
        public double valueAndGradient(int example, double[] z, double[] gradient) {
            for (int i = 0; i < z.length; i++) {
                gradient[i] = 3 * (i + 1) * z[i] * z[i] - 0.7;
            }
            return value(example, z);
        }
    };

    private static GradientEstimator estimator(boolean hard, double tau, int units) {
        EstimatorConfig config = new EstimatorConfig(LatentSpec.bernoulli(units), 1,
                DataType.DOUBLE, 0L, Map.of("tau", Double.toString(tau)));
        return hard ? new StraightThroughGumbelSoftmaxEstimatorProvider().create(config)
                : new GumbelSoftmaxEstimatorProvider().create(config);
    }

    private static EstimatorStep step(GradientEstimator e, INDArray logits, long seed) {
        FunctionObjective f = new FunctionObjective(CUBIC, logits.rows(), logits.columns(),
                DataType.DOUBLE);
        return e.estimate(new EstimatorInput(logits, logits, 0, false), f, RandomStream.of(seed));
    }

    @Test
    void relaxedGradientIsTheDerivativeAtFixedNoise() {
        for (double tau : new double[] {0.3, 1.0, 2.5}) {
            GradientEstimator e = estimator(false, tau, 3);
            INDArray l = Nd4j.createFromArray(new double[][] {{0.4, -1.1, 2.0},
                {-0.3, 0.8, 0.0}});
            double[] analytic = ElementView.of(step(e, l, 7).gradient()).toDoubleArray();
            ElementView lv = ElementView.of(l);
            double[] fd = FiniteDifferences.gradient(lv, () -> {
                double[] v = step(e, l, 7).objective();
                return v[0] + v[1];
            }, 1e-6);
            assertClose(fd, analytic, 1e-7, 1e-5, "binary Concrete gradient, tau " + tau);
        }
    }

    @Test
    void hardSamplesAreBernoulliDraws() {
        int count = 40_000;
        double logit = 0.8;
        GradientEstimator e = estimator(true, 0.5, 1);
        INDArray l = Nd4j.create(DataType.DOUBLE, count, 1).assign(logit);
        double[] sum = new double[1];
        FunctionObjective f = new FunctionObjective(new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                return z[0];
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                gradient[0] = 1;
                return z[0];
            }
        }, count, 1, DataType.DOUBLE);
        double[] values = e.estimate(new EstimatorInput(l, l, 0, false), f, RandomStream.of(3))
                .objective();
        for (double v : values) {
            assertEquals(0.0, v * (1 - v), 0.0, "a hard sample is 0 or 1");
            sum[0] += v;
        }
        double q = 1 / (1 + Math.exp(-logit));
        // 4.5 standard errors: fails by chance with probability below 1e-5.
        assertEquals(q, sum[0] / count, 4.5 * Math.sqrt(q * (1 - q) / count));
    }
}

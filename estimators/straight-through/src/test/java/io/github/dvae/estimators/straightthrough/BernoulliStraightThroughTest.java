package io.github.dvae.estimators.straightthrough;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Straight-through on Bernoulli units is exact when f is linear in the bits: the gradient
 * {@code q (1 - q) c} of {@code E[c . b]} on every draw, whatever the bits drawn.
 */
class BernoulliStraightThroughTest {

    @Test
    void exactForLinearObjectivesOnEveryDraw() {
        double[] c = {1.5, -2.0, 0.3};
        GradientEstimator e = new StraightThroughEstimatorProvider().create(
                EstimatorConfig.of(LatentSpec.bernoulli(3), 1).withDataType(DataType.DOUBLE));
        INDArray l = Nd4j.createFromArray(new double[][] {{0.4, -1.1, 2.0}, {-3.0, 0.8, 0.0}});
        FunctionObjective f = new FunctionObjective(new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                return c[0] * z[0] + c[1] * z[1] + c[2] * z[2];
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                System.arraycopy(c, 0, gradient, 0, 3);
                return value(example, z);
            }
        }, 2, 3, DataType.DOUBLE);
        double[] exact = new double[6];
        for (int i = 0; i < 6; i++) {
            double q = 1 / (1 + Math.exp(-l.getDouble(i / 3, i % 3)));
            exact[i] = q * (1 - q) * c[i % 3];
        }
        for (int draw = 0; draw < 20; draw++) {
            double[] g = ElementView.of(e.estimate(new EstimatorInput(l, l, 0, false), f,
                    RandomStream.of(draw)).gradient()).toDoubleArray();
            assertClose(exact, g, 1e-12, 1e-12, "draw " + draw);
        }
    }
}

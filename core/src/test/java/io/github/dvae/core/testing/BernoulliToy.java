package io.github.dvae.core.testing;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toy problem of REBAR and RELAX on one Bernoulli unit of logit l: {@code f(b) = (b - t)^2},
 * whose exact gradient {@code d/dl E[f] = q (1 - q) (f(1) - f(0))}, {@code q = sigmoid(l)}, and
 * many estimators' variances are known in closed form. Estimates come from one call on a batch of
 * identical examples, each row an independent estimate.
 *
 * @param logit l
 * @param target t
 */
public record BernoulliToy(double logit, double target) {

    /** {@code q = sigmoid(l)}. */
    public double q() {
        return 1 / (1 + Math.exp(-logit));
    }

    /** {@code f(b)}. */
    public double f(int b) {
        return (b - target) * (b - target);
    }

    /** {@code d/dl E[f(b)]}. */
    public double exactGradient() {
        double q = q();
        return q * (1 - q) * (f(1) - f(0));
    }

    /** {@code count} independent estimates of the gradient by {@code estimator}. */
    public double[] estimates(GradientEstimator estimator, int count, RandomStream rng) {
        INDArray logits = Nd4j.create(DataType.DOUBLE, count, 1).assign(logit);
        FunctionObjective f = new FunctionObjective(new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                return (z[0] - target) * (z[0] - target);
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                gradient[0] = 2 * (z[0] - target);
                return value(example, z);
            }
        }, count, 1, DataType.DOUBLE);
        EstimatorStep step = estimator.estimate(new EstimatorInput(logits, logits, 0, false), f,
                rng);
        return ElementView.of(step.gradient()).toDoubleArray();
    }
}

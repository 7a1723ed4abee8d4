package io.github.dvae.experiments.toy;

import io.github.dvae.core.toy.DifferentiableFunction;

/**
 * The toy problem of REBAR (Tucker et al. 2017, t = 0.45) and RELAX (Grathwohl et al. 2018,
 * t = 0.499): minimise {@code E_{b ~ Bernoulli(theta)}[(b - t)^2]} over {@code theta =
 * sigmoid(phi)}. The optimum is theta = 0 (for t < 1/2), and the signal, {@code 1 - 2t}, is tiny
 * beside the noise of a one-sample estimate: a hard test of an estimator's variance.
 *
 * <p>As a latent space: one categorical variable of two classes with logits {@code (0, phi)}, so
 * {@code b = z_1}. Estimators ascend {@code f(z) = -(z_1 - t)^2}, which also defines the relaxed
 * value {@code f(y)} at a soft sample {@code y}.
 *
 * @param target t, in (0, 1)
 */
public record ToyProblem(double target) {

    public ToyProblem {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0, 1), got " + target);
        }
    }

    /** {@code theta = sigmoid(phi)}. */
    public static double theta(double phi) {
        return 1 / (1 + Math.exp(-phi));
    }

    /** The exact loss {@code theta (1 - t)^2 + (1 - theta) t^2}. */
    public double loss(double phi) {
        double theta = theta(phi);
        return theta * (1 - target) * (1 - target) + (1 - theta) * target * target;
    }

    /** The exact gradient of the loss in phi, {@code theta (1 - theta) (1 - 2t)}. */
    public double lossGradient(double phi) {
        double theta = theta(phi);
        return theta * (1 - theta) * (1 - 2 * target);
    }

    /** {@code f(z) = -(z_1 - t)^2} over a row {@code (z_0, z_1)}, with its gradient. */
    public DifferentiableFunction objective() {
        return new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                double d = z[1] - target;
                return -d * d;
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                double d = z[1] - target;
                gradient[0] = 0;
                gradient[1] = -2 * d;
                return -d * d;
            }
        };
    }
}

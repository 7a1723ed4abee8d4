package io.github.dvae.estimators.vq;

import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A smooth toy objective {@code f_b(z) = sum_j (c_j z_j + a_j z_j^2 / 2)} with coefficients that
 * differ by coordinate and example, in double, that records the decoder input and the input
 * gradient of its last {@link #differentiate} call (copies), so tests can check what an estimator
 * fed the decoder and what it did with the gradient it got back.
 */
final class RecordingObjective implements Objective {

    private final FunctionObjective inner;
    double[] lastInput;
    double[] lastInputGradient;
    int calls;

    RecordingObjective(int examples, int width) {
        this(examples, width, false);
    }

    /** With {@code linear}, {@code f_b(z) = sum_j c_j z_j}: its gradient does not depend on z. */
    RecordingObjective(int examples, int width, boolean linear) {
        this.inner = new FunctionObjective(new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                return valueAndGradient(example, z, new double[z.length]);
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                double f = 0;
                for (int j = 0; j < z.length; j++) {
                    double c = linear(example, j);
                    double a = linear ? 0.0 : quadratic(j);
                    f += c * z[j] + 0.5 * a * z[j] * z[j];
                    gradient[j] = c + a * z[j];
                }
                return f;
            }
        }, examples, width, DataType.DOUBLE);
    }

    /** A linear objective has {@code d f / d z} independent of z. */
    static double linear(int example, int j) {
        return Math.sin(1.3 * j + 0.7 * example + 0.4) * 1.5;
    }

    static double quadratic(int j) {
        return -0.5 - 0.25 * (j % 3);
    }

    @Override
    public int examples() {
        return inner.examples();
    }

    @Override
    public int inputWidth() {
        return inner.inputWidth();
    }

    @Override
    public double[] values(DecoderInput z) {
        return inner.values(z);
    }

    @Override
    public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
        calls++;
        lastInput = ElementView.of(((DecoderInput.Dense) z).values()).toDoubleArray();
        Evaluation e = inner.differentiate(z, weights, target);
        lastInputGradient = e.inputGradient() == null ? null
                : ElementView.of(e.inputGradient()).toDoubleArray();
        return e;
    }
}

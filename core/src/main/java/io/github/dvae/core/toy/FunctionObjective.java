package io.github.dvae.core.toy;

import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@link Objective} that is a plain function of {@code z}, with no parameters: the toy problems
 * of the papers (such as {@code f(b) = (b - t)^2} on one binary variable), whose gradients and
 * variances are known in closed form. {@link Target#PARAMETERS} accumulates nothing.
 */
public final class FunctionObjective implements Objective {

    private final DifferentiableFunction function;
    private final int examples;
    private final int width;
    private final DataType type;

    public FunctionObjective(DifferentiableFunction function, int examples, int width,
            DataType type) {
        this.function = function;
        this.examples = examples;
        this.width = width;
        this.type = type;
    }

    @Override
    public int examples() {
        return examples;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public double[] values(DecoderInput z) {
        double[] out = new double[z.rows()];
        double[] row = new double[width];
        for (int r = 0; r < z.rows(); r++) {
            read(z, r, row);
            out[r] = function.value(r % examples, row);
        }
        return out;
    }

    @Override
    public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
        double[] out = new double[z.rows()];
        double[] row = new double[width];
        double[] grad = new double[width];
        INDArray gradient = target.input() ? Nd4j.create(type, z.rows(), width) : null;
        ElementView g = gradient == null ? null : ElementView.of(gradient);
        for (int r = 0; r < z.rows(); r++) {
            read(z, r, row);
            out[r] = function.valueAndGradient(r % examples, row, grad);
            if (g != null) {
                for (int j = 0; j < width; j++) {
                    g.set(r * width + j, weights[r] * grad[j]);
                }
            }
        }
        return new Evaluation(out, gradient);
    }

    private void read(DecoderInput z, int r, double[] row) {
        if (z instanceof DecoderInput.OneHot h) {
            java.util.Arrays.fill(row, 0.0);
            for (int n = 0; n < h.variables(); n++) {
                row[n * h.classes() + h.code(r, n)] = 1.0;
            }
        } else if (z instanceof DecoderInput.Bits b) {
            for (int n = 0; n < b.variables(); n++) {
                row[n] = b.bit(r, n);
            }
        } else {
            ElementView v = ElementView.of(((DecoderInput.Dense) z).values());
            v.copyTo(r * width, row, 0, width);
        }
    }
}

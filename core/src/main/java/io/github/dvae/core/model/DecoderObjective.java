package io.github.dvae.core.model;

import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.likelihood.BernoulliLikelihood;
import io.github.dvae.core.nn.Mlp;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code f(z) = log p(x_b | z)} through a decoder MLP and a Bernoulli likelihood, for the minibatch
 * last {@link #bind bound}. Parameter gradients go into the decoder's parameters, scaled by the
 * factor given at binding (the model's {@code -1/B}, turning ascent on {@code f} into descent on
 * the mean loss).
 */
public final class DecoderObjective implements Objective {

    private final Mlp decoder;
    private final Workspace workspace;
    private INDArray data;
    private ElementView dataView;
    private double parameterScale;

    private final WorkerPool workers;

    public DecoderObjective(Mlp decoder, DataType type) {
        this(decoder, type, WorkerPool.SERIAL);
    }

    /** An objective whose likelihood kernels use {@code workers}. */
    public DecoderObjective(Mlp decoder, DataType type, WorkerPool workers) {
        this.decoder = decoder;
        this.workers = workers;
        this.workspace = new Workspace(type);
    }

    /**
     * Binds the objective to a minibatch.
     *
     * @param data {@code B x D}, binary pixels, c-ordered
     * @param parameterScale factor applied to accumulated parameter gradients
     */
    public DecoderObjective bind(INDArray data, double parameterScale) {
        if (data.columns() != decoder.outputs()) {
            throw new IllegalArgumentException("data of width " + data.columns()
                    + " does not match a decoder of " + decoder.outputs() + " outputs");
        }
        this.data = data;
        this.dataView = ElementView.of(data);
        this.parameterScale = parameterScale;
        return this;
    }

    @Override
    public int examples() {
        return data.rows();
    }

    @Override
    public int inputWidth() {
        return decoder.inputs();
    }

    /** The decoder's logits for {@code z}: {@code rows x D}, owned by the decoder. */
    public INDArray logits(DecoderInput z) {
        if (z instanceof DecoderInput.OneHot h) {
            return decoder.forwardOneHot(h.codes(), h.rows(), h.variables(), h.classes());
        }
        if (z instanceof DecoderInput.Bits bits) {
            if (bits.variables() != decoder.inputs()) {
                throw new IllegalArgumentException(bits.variables() + " bits do not match a "
                        + "decoder of " + decoder.inputs() + " inputs");
            }
            return decoder.forwardBits(bits.bits(), bits.rows());
        }
        return decoder.forward(((DecoderInput.Dense) z).values());
    }

    @Override
    public double[] values(DecoderInput z) {
        INDArray logits = logits(z);
        double[] out = new double[z.rows()];
        BernoulliLikelihood.evaluate(ElementView.of(logits), dataView, z.rows(), examples(),
                logits.columns(), out, null, null, workers);
        return out;
    }

    @Override
    public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
        if (weights.length < z.rows()) {
            throw new IllegalArgumentException("need " + z.rows() + " weights, got "
                    + weights.length);
        }
        INDArray logits = logits(z);
        int rows = z.rows();
        INDArray gradient = workspace.get("logit-gradient", rows, decoder.outputs());
        double[] values = new double[rows];
        BernoulliLikelihood.evaluate(ElementView.of(logits), dataView, rows, examples(),
                logits.columns(), values, weights, ElementView.of(gradient), workers);
        INDArray inputGradient = decoder.backward(gradient, target.input(),
                target.parameters() ? parameterScale : 0.0);
        return new Evaluation(values, inputGradient);
    }
}

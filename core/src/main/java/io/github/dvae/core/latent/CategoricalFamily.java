package io.github.dvae.core.latent;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * N categorical latent variables of K classes under a uniform prior: the encoder emits N * K
 * logits per example, the decoder reads N concatenated one-hot (or relaxed) vectors, and the KL is
 * analytic, {@code -H(q) + N log K}, with its exact gradient.
 */
public final class CategoricalFamily implements DiscreteFamily {

    private final LatentSpec spec;
    private final CategoricalPosterior posterior;

    public CategoricalFamily(LatentSpec spec) {
        if (spec.kind() != LatentKind.CATEGORICAL) {
            throw new IllegalArgumentException("a categorical family cannot serve "
                    + spec.kind().label() + " latents (" + spec + ")");
        }
        this.spec = spec;
        this.posterior = new CategoricalPosterior(spec);
    }

    /**
     * The posterior work buffer this family computes its KL with. Estimators of this family
     * update it with the same logits, so the model's KL that follows reuses their softmax.
     */
    @Override
    public CategoricalPosterior posterior() {
        return posterior;
    }

    @Override
    public LatentSpec spec() {
        return spec;
    }

    @Override
    public int encoderWidth() {
        return spec.oneHotWidth();
    }

    @Override
    public int decoderWidth() {
        return spec.oneHotWidth();
    }

    @Override
    public void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient,
            double scale) {
        divergence(encoderOutput, klOut, gradient, scale, WorkerPool.SERIAL);
    }

    @Override
    public void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient,
            double scale, WorkerPool workers) {
        posterior.update(ElementView.of(encoderOutput), encoderOutput.rows(), workers);
        if (gradient != null) {
            posterior.klToUniformAndAddGradient(klOut, ElementView.of(gradient), scale, workers);
        } else {
            posterior.klToUniform(klOut, workers);
        }
    }

    @Override
    public DecoderInput evaluationSample(INDArray encoderOutput, RandomStream rng) {
        int batch = encoderOutput.rows();
        posterior.update(ElementView.of(encoderOutput), batch);
        int[] out = new int[batch * spec.variables()];
        posterior.sample(rng, out, 0);
        return new DecoderInput.OneHot(out, batch, spec.variables(), spec.classes());
    }

    @Override
    public boolean hasDensity() {
        return true;
    }

    /** {@code -N log K - log q(z | x)}. */
    @Override
    public void logImportanceWeights(INDArray encoderOutput, DecoderInput z, double[] out) {
        int batch = encoderOutput.rows();
        posterior.update(ElementView.of(encoderOutput), batch);
        DecoderInput.OneHot h = (DecoderInput.OneHot) z;
        for (int b = 0; b < batch; b++) {
            out[b] = -spec.uniformPriorEntropy() - posterior.logProbabilityOf(h.codes(), b, b);
        }
    }

    @Override
    public DecoderInput priorSample(int count, RandomStream rng) {
        int[] out = new int[count * spec.variables()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextInt(spec.classes());
        }
        return new DecoderInput.OneHot(out, count, spec.variables(), spec.classes());
    }
}

package io.github.dvae.core.latent;

import static io.github.dvae.core.likelihood.BernoulliLikelihood.sigmoid;
import static io.github.dvae.core.likelihood.BernoulliLikelihood.softplus;

import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * N independent Bernoulli units, the latent space of the binary-latent literature (ARM, DisARM,
 * RELAX, RODEO): the encoder emits N logits per example, {@code q(b_n = 1 | x) = sigmoid(l_n)};
 * the decoder reads the N-bit vector ({@link DecoderInput.Bits}, a gather-sum in its first layer).
 *
 * <p>Prior: {@code Bernoulli(0.5)} per unit, or, with {@link LatentSpec#learnedPrior()},
 * {@code Bernoulli(sigmoid(m_n))} with prior logits m (initially 0) trained by the model's
 * optimiser as in DisARM's experiments ({@link #parameters()}). The KL is analytic, with its exact
 * gradients for the logits and the prior ({@link BernoulliPosterior#kl}); evaluation and prior
 * samples are bits; {@link #logImportanceWeights} gives {@code log p(b) - log q(b|x)} for the
 * importance-weighted bound.
 */
public final class BernoulliFamily implements DiscreteFamily {

    private final LatentSpec spec;
    private final BernoulliPosterior posterior;
    private final Parameter prior;
    private final double[] priorLogits;
    private final double[] priorGradient;

    /**
     * @param type the data type of the learned prior's logits (the model's), if there is one
     */
    public BernoulliFamily(LatentSpec spec, DataType type) {
        if (spec.kind() != LatentKind.BERNOULLI) {
            throw new IllegalArgumentException("a Bernoulli family cannot serve "
                    + spec.kind().label() + " latents (" + spec + ")");
        }
        this.spec = spec;
        this.posterior = new BernoulliPosterior(spec.variables());
        if (spec.learnedPrior()) {
            this.prior = new Parameter("prior.logits", Nd4j.zeros(type, 1, spec.variables()));
            this.priorLogits = new double[spec.variables()];
            this.priorGradient = new double[spec.variables()];
        } else {
            this.prior = null;
            this.priorLogits = null;
            this.priorGradient = null;
        }
    }

    /** A family under the uniform prior, or with a learned prior in double precision. */
    public BernoulliFamily(LatentSpec spec) {
        this(spec, DataType.DOUBLE);
    }

    @Override
    public BernoulliPosterior posterior() {
        return posterior;
    }

    @Override
    public LatentSpec spec() {
        return spec;
    }

    @Override
    public int encoderWidth() {
        return spec.variables();
    }

    @Override
    public int decoderWidth() {
        return spec.variables();
    }

    /** The learned prior's logits, if the spec asks for one. */
    @Override
    public List<Parameter> parameters() {
        return prior == null ? List.of() : List.of(prior);
    }

    /** The prior's current logits (zeros for the uniform prior), a copy. */
    public double[] priorLogits() {
        return prior == null ? new double[spec.variables()] : readPrior().clone();
    }

    /** The learned prior's logits as doubles, or null for the uniform prior. */
    private double[] readPrior() {
        if (prior == null) {
            return null;
        }
        prior.values().copyTo(0, priorLogits, 0, priorLogits.length);
        return priorLogits;
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
        double[] m = readPrior();
        posterior.kl(m, klOut, workers);
        if (gradient == null) {
            return;
        }
        posterior.addKlGradient(m, ElementView.of(gradient), scale, workers);
        if (prior != null) {
            ElementView g = prior.gradients();
            g.copyTo(0, priorGradient, 0, priorGradient.length);
            posterior.addPriorGradient(m, priorGradient, scale);
            g.write(0, priorGradient, 0, priorGradient.length);
        }
    }

    @Override
    public DecoderInput evaluationSample(INDArray encoderOutput, RandomStream rng) {
        int batch = encoderOutput.rows();
        posterior.update(ElementView.of(encoderOutput), batch);
        int[] bits = new int[batch * spec.variables()];
        posterior.sample(rng, bits, 0);
        return new DecoderInput.Bits(bits, batch, spec.variables());
    }

    @Override
    public DecoderInput priorSample(int count, RandomStream rng) {
        int n = spec.variables();
        double[] m = readPrior();
        int[] bits = new int[count * n];
        for (int i = 0; i < bits.length; i++) {
            double p = m == null ? 0.5 : sigmoid(m[i % n]);
            bits[i] = rng.nextDouble() < p ? 1 : 0;
        }
        return new DecoderInput.Bits(bits, count, n);
    }

    @Override
    public boolean hasDensity() {
        return true;
    }

    /**
     * {@code log p(b) - log q(b | x)}, with {@code log p(b) = -N log 2} under the uniform prior
     * and {@code sum_n -softplus(-m_n)} (bit set) or {@code -softplus(m_n)} (bit clear) under a
     * learned one.
     */
    @Override
    public void logImportanceWeights(INDArray encoderOutput, DecoderInput z, double[] out) {
        int batch = encoderOutput.rows();
        int n = spec.variables();
        posterior.update(ElementView.of(encoderOutput), batch);
        int[] bits = ((DecoderInput.Bits) z).bits();
        double[] m = readPrior();
        for (int b = 0; b < batch; b++) {
            double logPrior = 0;
            if (m == null) {
                logPrior = -spec.uniformPriorEntropy();
            } else {
                for (int i = 0; i < n; i++) {
                    logPrior -= bits[b * n + i] != 0 ? softplus(-m[i]) : softplus(m[i]);
                }
            }
            out[b] = logPrior - posterior.logProbabilityOf(bits, b, b);
        }
    }
}

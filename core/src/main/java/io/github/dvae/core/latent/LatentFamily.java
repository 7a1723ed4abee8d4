package io.github.dvae.core.latent;

import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The form of a latent space: what the encoder must emit, what the decoder reads, the posterior's
 * divergence from the prior, and how to draw the hard samples used for evaluation.
 *
 * <p>The categorical family ({@link CategoricalFamily}) serves every categorical estimator, the
 * Bernoulli family ({@link BernoulliFamily}) every Bernoulli one; families with other latent
 * spaces (Gaussian, VQ-VAE codebooks) come with their plug-ins.
 * Instances hold per-batch work buffers: one per run, not shared between threads.
 */
public interface LatentFamily {

    /** The latent space's size. */
    LatentSpec spec();

    /** Width of the encoder's output per example (N * K logits for categorical latents). */
    int encoderWidth();

    /** Width of the decoder's input per example. */
    int decoderWidth();

    /**
     * Computes {@code KL(q(z|x_b) || p(z))} per example, in nats, into {@code klOut} (length B),
     * and, when {@code gradient} is not null, adds {@code scale * d KL_b / d encoderOutput_b} into
     * it ({@code B x encoderWidth}) and {@code scale * sum_b d KL_b / d theta} into the gradient of
     * each of the family's own {@link #parameters()} theta. Analytic where the family allows;
     * constant families add nothing.
     */
    void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient, double scale);

    /** As {@link #divergence(INDArray, double[], INDArray, double)}, free to use {@code workers}. */
    default void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient,
            double scale, WorkerPool workers) {
        divergence(encoderOutput, klOut, gradient, scale);
    }

    /**
     * Parameters the family trains (a learned prior's logits): the model's optimiser updates them
     * from the gradients {@link #divergence} accumulates. None by default.
     */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * A hard sample from the posterior for each of the B examples, as used to evaluate every model
     * (a relaxed estimator's model too): one row per example.
     */
    DecoderInput evaluationSample(INDArray encoderOutput, RandomStream rng);

    /** {@code count} samples from the prior, one per row. */
    DecoderInput priorSample(int count, RandomStream rng);

    /**
     * Whether {@link #logImportanceWeights} is available: the posterior has a density (or mass
     * function) to weigh samples by. A deterministic assignment (VQ-VAE) has none.
     */
    default boolean hasDensity() {
        return false;
    }

    /**
     * {@code log p(z_b) - log q(z_b | x_b)} for the sample {@code z} of one row per example
     * (as {@link #evaluationSample} draws them), in nats, into {@code out}: the weights of the
     * importance-weighted bound on {@code log p(x)}.
     *
     * @throws UnsupportedOperationException if {@link #hasDensity()} is false
     */
    default void logImportanceWeights(INDArray encoderOutput, DecoderInput z, double[] out) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has no posterior density");
    }
}

package io.github.dvae.core.estimator;

import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A gradient estimator: given the encoder's output for a minibatch and the objective
 * {@code f(z)} downstream of the latent sample, it estimates {@code d/d encoderOutput E_q[f(z)]}
 * and, through {@link Objective#differentiate}, the decoder's parameter gradient at whatever input
 * it feeds the decoder. Shared code does the rest of the backward pass and the KL.
 *
 * <p>One instance per run; it may hold state (baselines, a temperature schedule, a codebook) and
 * reuse buffers between calls, so it is not thread-safe. Randomness comes only from the stream
 * passed in, so the same stream state gives the same estimate.
 */
public interface GradientEstimator {

    /** The latent space this estimator works on. */
    LatentFamily family();

    /** One estimate for a minibatch. */
    EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng);

    /**
     * Parameters the estimator trains itself (a learned baseline, a codebook): the model's
     * optimiser updates them after each step from the gradients the estimator accumulated into
     * them during {@link #estimate}. Their gradients are zeroed by the model before each step.
     */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Writes the estimator's own state for a checkpoint: whatever changes during training and is
     * not among {@link #parameters()} (which the model saves), such as running baselines, a
     * surrogate and its optimiser, codebook statistics, a schedule's position, and the values
     * {@link #diagnostics()} reports. After {@link #restoreState} an estimator created from the
     * same configuration continues bit-identically. Default: no state.
     */
    default void saveState(StateOutput out) throws IOException {
    }

    /** Reads what {@link #saveState} wrote, into an estimator of the same configuration. */
    default void restoreState(StateInput in) throws IOException {
    }

    /** Current values of the estimator's adaptive quantities (temperature, eta), for the record. */
    default Map<String, Double> diagnostics() {
        return Map.of();
    }
}

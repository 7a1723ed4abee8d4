package io.github.dvae.core.estimator;

import io.github.dvae.core.latent.DecoderInput;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The downstream objective {@code f(z)} an estimator differentiates through: in a VAE,
 * {@code f(z) = log p(x_b|z)} in nats, for a fixed minibatch of {@link #examples()} examples; in a
 * toy problem, a plain function of {@code z}.
 *
 * <p>Rows: a call may evaluate R samples per example at once, sample-major, so row {@code r}
 * belongs to example {@code r % examples()}. Batching samples into one call is what keeps
 * multi-sample estimators fast (one matrix product instead of R).
 *
 * <p>Everything is for ascent on {@code sum_r w_r f_r}: the model that owns the objective turns
 * accumulated parameter gradients into its loss's scale and sign.
 */
public interface Objective {

    /** What {@link #differentiate} computes besides the values. */
    enum Target {
        /** Accumulate {@code sum_r w_r d f_r / d theta} into the decoder's parameter gradients. */
        PARAMETERS,
        /** Return {@code d (sum_r w_r f_r) / d z}; leave parameter gradients untouched. */
        INPUT,
        /** Both. */
        BOTH;

        public boolean parameters() {
            return this != INPUT;
        }

        public boolean input() {
            return this != PARAMETERS;
        }
    }

    /**
     * Values and gradient of one call.
     *
     * @param values {@code f} per row, nats
     * @param inputGradient {@code rows x width}: {@code w_r d f_r / d z_r}; null unless asked for.
     *     Owned by the objective and overwritten by its next call: copy what must outlive it.
     */
    record Evaluation(double[] values, INDArray inputGradient) {
    }

    /** Number of examples B in the minibatch. */
    int examples();

    /** Width of one row of {@code z}. */
    int inputWidth();

    /** {@code f} per row, without gradient bookkeeping. */
    double[] values(DecoderInput z);

    /**
     * {@code f} per row and the gradients {@code target} asks for, each row weighted by
     * {@code weights[r]} (length {@code z.rows()}).
     */
    Evaluation differentiate(DecoderInput z, double[] weights, Target target);
}

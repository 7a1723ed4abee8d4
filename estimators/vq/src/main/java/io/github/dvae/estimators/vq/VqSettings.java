package io.github.dvae.estimators.vq;

/**
 * The resolved options of the {@code vq} estimator.
 *
 * @param update how the codebook learns: by its loss through Adam, or by moving averages
 * @param beta commitment weight, >= 0
 * @param decay EMA decay in (0, 1); read only with {@link CodebookUpdate#EMA}
 * @param epsilon Laplace smoothing of the EMA counts, > 0; read only with EMA
 * @param deadAfter re-initialise entries unused for this many training steps; 0 never
 * @param initScale entries start uniform on {@code (-initScale, initScale)}, > 0
 */
record VqSettings(CodebookUpdate update, double beta, double decay, double epsilon,
        int deadAfter, double initScale) {

    /** How the codebook entries learn. */
    enum CodebookUpdate {
        /** Gradient descent (the model's Adam) on the codebook loss {@code ||sg[z_e] - e||^2}. */
        LOSS,
        /** Exponential moving averages of the assigned encoder outputs (no codebook loss). */
        EMA
    }
}

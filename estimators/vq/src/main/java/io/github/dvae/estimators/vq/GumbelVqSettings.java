package io.github.dvae.estimators.vq;

/**
 * The resolved options of the {@code vq-gumbel} estimator.
 *
 * @param tau temperature of the Gumbel-Softmax over the K entries, > 0
 * @param hard straight-through: the decoder reads the entry of {@code argmax}, the backward pass
 *     goes through the relaxed weights
 * @param scale logits are {@code -scale ||z_e - e_k||^2}, scale > 0
 * @param deadAfter re-initialise entries unchosen for this many training steps; 0 never
 * @param initScale entries start uniform on {@code (-initScale, initScale)}, > 0
 */
record GumbelVqSettings(double tau, boolean hard, double scale, int deadAfter,
        double initScale) {
}

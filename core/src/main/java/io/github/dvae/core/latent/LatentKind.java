package io.github.dvae.core.latent;

import java.util.Locale;

/**
 * What one latent variable is: a categorical variable over K classes (one logit per class, the
 * decoder reads a one-hot vector) or a Bernoulli unit (one logit, the decoder reads one bit).
 * Estimator providers declare the kinds they serve; Gaussian and codebook latents reuse the
 * categorical spec's sizes.
 */
public enum LatentKind {
    /** N variables of K classes: {@code B x N x K} logits, softmax posterior. */
    CATEGORICAL,
    /** N binary units: {@code B x N} logits, {@code q(b_i = 1) = sigmoid(l_i)}. */
    BERNOULLI;

    /** The lower-case name users read and write ({@code bernoulli}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

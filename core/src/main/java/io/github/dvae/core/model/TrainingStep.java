package io.github.dvae.core.model;

/**
 * Means over the minibatch of one training step, in nats per example.
 *
 * @param elbo the estimator's objective estimate minus the KL (negated, the loss)
 * @param reconstruction the estimator's estimate of {@code E_q[log p(x|z)]}
 * @param kl {@code KL(q(z|x) || p(z))}, analytic
 */
public record TrainingStep(double elbo, double reconstruction, double kl) {
}

package io.github.dvae.core.model;

/**
 * Sums over evaluated examples, with hard posterior samples, in nats; means by {@link #count()}.
 *
 * @param count examples evaluated
 * @param elboSum sum of {@code log p(x|z) - KL} with one hard sample per example
 * @param reconstructionSum sum of {@code log p(x|z)}
 * @param klSum sum of the KL
 */
public record Evaluation(long count, double elboSum, double reconstructionSum, double klSum) {

    /** Nothing evaluated yet. */
    public static final Evaluation EMPTY = new Evaluation(0, 0, 0, 0);

    /** This and {@code other} together. */
    public Evaluation plus(Evaluation other) {
        return new Evaluation(count + other.count, elboSum + other.elboSum,
                reconstructionSum + other.reconstructionSum, klSum + other.klSum);
    }

    /** Mean ELBO per example, nats. */
    public double elbo() {
        return elboSum / count;
    }

    /** Mean reconstruction log-likelihood per example, nats. */
    public double reconstruction() {
        return reconstructionSum / count;
    }

    /** Mean KL per example, nats. */
    public double kl() {
        return klSum / count;
    }
}

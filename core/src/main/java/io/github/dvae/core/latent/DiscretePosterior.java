package io.github.dvae.core.latent;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;

/**
 * The posterior of N discrete latent variables for a batch, as the estimators that serve every
 * discrete kind (REINFORCE, exact enumeration) use it: a sample is N codes per row
 * ({@code codes[row * N + n]} in {@code [0, classes())}; for Bernoulli units the code is the bit),
 * and the score {@code d log q(z|x_b) / d l_b} has the same form for both kinds
 * ({@code onehot(z) - softmax(l)} over K logits, {@code b - sigmoid(l)} over one logit).
 *
 * <p>A work buffer: {@link #update} reads a batch's logits, the other methods read what it
 * cached. One instance per run; not thread-safe.
 */
public interface DiscretePosterior {

    /** N. */
    int variables();

    /** Codes per variable: K for categorical variables, 2 for Bernoulli units. */
    int classes();

    /** Number of examples of the last {@link #update}. */
    int batch();

    /** Logits per example: N * K for categorical variables, N for Bernoulli units. */
    int logitWidth();

    /** Reads the logits of {@code batch} examples ({@code batch * logitWidth()}, row-major). */
    void update(ElementView logits, int batch, WorkerPool workers);

    /** As {@link #update(ElementView, int, WorkerPool)} on the calling thread. */
    default void update(ElementView logits, int batch) {
        update(logits, batch, WorkerPool.SERIAL);
    }

    /** Draws one sample per example into rows {@code [firstRow, firstRow + B)} of {@code codes}. */
    void sample(RandomStream rng, int[] codes, int firstRow);

    /**
     * Draws {@code count} samples per example into rows {@code [firstRow + s * B, firstRow + (s+1)
     * * B)}, s in [0, count): the same codes, from the same uniforms in the same order, as
     * {@code count} calls of {@link #sample(RandomStream, int[], int)} with first rows
     * {@code firstRow + s * B}, whatever the number of workers.
     */
    default void sample(RandomStream rng, int[] codes, int firstRow, int count,
            WorkerPool workers) {
        for (int s = 0; s < count; s++) {
            sample(rng, codes, firstRow + s * batch());
        }
    }

    /** {@code log q(z | x_b)} of the codes in row {@code row}, nats. */
    double logProbabilityOf(int[] codes, int row, int b);

    /**
     * Adds {@code coefficient[r] * d log q(z_r | x_b) / d l_b} to {@code gradient}
     * ({@code B x logitWidth()}) for the rows {@code r = firstRow + b}, b in [0, B): the
     * score-function term of REINFORCE and its relatives.
     */
    void addScoreGradient(int[] codes, int firstRow, double[] coefficient, ElementView gradient,
            WorkerPool workers);

    /**
     * Writes {@code sum_s coefficient[r_s] * d log q(z_{r_s} | x_b) / d l_b} into the first
     * {@code B} rows of {@code gradient} ({@code B x logitWidth()}), with
     * {@code r_s = firstRow + s * B + b} for s in [0, count): what filling the rows with zero and
     * calling {@link #addScoreGradient} once per sample gives, up to the rounding of the
     * intermediate sums (bit for bit when count is 1), in one pass.
     */
    default void setScoreGradient(int[] codes, int firstRow, int count, double[] coefficient,
            ElementView gradient, WorkerPool workers) {
        int b = batch();
        double[] zero = new double[b * logitWidth()];
        gradient.write(0, zero, 0, zero.length);
        for (int s = 0; s < count; s++) {
            addScoreGradient(codes, firstRow + s * b, coefficient, gradient, workers);
        }
    }

    /** The decoder's input for {@code rows} rows of codes: one-hot vectors, or the bits. */
    DecoderInput decoderInput(int[] codes, int rows);

    /**
     * Writes {@code d E_q[f_b] / d l_b = sum_c q(c) f(c) score(c)} into {@code out}
     * ({@code B x logitWidth()}) from the class sums an enumeration collected:
     * {@code classSums[(b * N + n) * K + k] = sum over configurations c with z_n = k of q(c | x_b)
     * f_b(c)}, and {@code expected[b] = E_q[f_b]}.
     */
    void gradientFromClassSums(double[] classSums, double[] expected, ElementView out);
}

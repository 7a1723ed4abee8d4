package io.github.dvae.core.latent;

import static io.github.dvae.core.likelihood.BernoulliLikelihood.sigmoid;
import static io.github.dvae.core.likelihood.BernoulliLikelihood.softplus;

import io.github.dvae.core.likelihood.BernoulliLikelihood;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.WorkerPool;

/**
 * The posterior {@code q(b|x) = prod_n Bernoulli(b_n; sigmoid(l_n))} of a batch, from logits of
 * shape {@code B x N}.
 *
 * <p>A work buffer: {@link #update} reads a batch's logits once and caches
 * {@code q = sigmoid(l)} and the log-probabilities in their stable forms
 * {@code log q = -softplus(-l)}, {@code log(1 - q) = -softplus(l)} (never {@code log(sigmoid)}),
 * which stay exact at |l| = 50 where q rounds to 1. One instance per run; not thread-safe.
 *
 * <p>The KL to a prior {@code Bernoulli(sigmoid(m))}, per unit,
 * {@code q log(q / sigmoid(m)) + (1 - q) log((1 - q) / sigmoid(-m))}, simplifies with
 * {@code softplus(-l) = softplus(l) - l} to {@code q (l - m) - softplus(l) + softplus(m)}, which is
 * what is computed: no logarithm of a probability. For {@code m = 0} it is {@code q log q +
 * (1 - q) log(1 - q) + log 2}. Its gradients are {@code d/dl = q (1 - q) (l - m)} and
 * {@code d/dm = sigmoid(m) - q}.
 */
public final class BernoulliPosterior implements DiscretePosterior {

    /** Examples per piece of parallel work: fixed, so results ignore the thread count. */
    private static final int EXAMPLES_PER_PIECE = 8;

    private final int variables;
    private int batch;
    private double[] logits = new double[0];
    private double[] probabilities = new double[0];
    private double[] logOne = new double[0];
    private double[] logZero = new double[0];

    public BernoulliPosterior(int variables) {
        if (variables < 1) {
            throw new IllegalArgumentException("Bernoulli units must be >= 1, got " + variables);
        }
        this.variables = variables;
    }

    @Override
    public int variables() {
        return variables;
    }

    @Override
    public int classes() {
        return 2;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int logitWidth() {
        return variables;
    }

    @Override
    public void update(ElementView logitView, int batch, WorkerPool workers) {
        int total = batch * variables;
        if (logitView.length() < total) {
            throw new IllegalArgumentException("need " + batch + " x " + variables
                    + " logits, got " + logitView.length());
        }
        if (logits.length < total) {
            logits = new double[total];
            probabilities = new double[total];
            logOne = new double[total];
            logZero = new double[total];
        }
        this.batch = batch;
        logitView.copyTo(0, logits, 0, total);
        double[] l = logits;
        workers.forRange(total, 256, (from, to) -> {
            for (int i = from; i < to; i++) {
                double e = Math.exp(-Math.abs(l[i]));
                double log1pe = BernoulliLikelihood.log1pUnit(e);
                double positive = Math.max(l[i], 0);
                // softplus(l) = max(l, 0) + log1p(exp(-|l|)), softplus(-l) = softplus(l) - l.
                logZero[i] = -(positive + log1pe);
                logOne[i] = -(positive - l[i] + log1pe);
                probabilities[i] = l[i] >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            }
        });
    }

    /** {@code q(b_n = 1 | x_b) = sigmoid(l_bn)}. */
    public double probability(int b, int n) {
        return probabilities[b * variables + n];
    }

    /** The logit {@code l_bn} last read. */
    public double logit(int b, int n) {
        return logits[b * variables + n];
    }

    /**
     * The probabilities {@code sigmoid(l)}, {@code B * N} values row-major; live (overwritten by
     * the next update) and possibly longer than needed.
     */
    public double[] probabilities() {
        return probabilities;
    }

    /** The logits last read, laid out as {@link #probabilities()}; live. */
    public double[] logits() {
        return logits;
    }

    /** {@code log q(b_n = bit | x_b)}, exact even where the probability rounds to 0 or 1. */
    public double logProbability(int b, int n, int bit) {
        int i = b * variables + n;
        return bit != 0 ? logOne[i] : logZero[i];
    }

    @Override
    public void sample(RandomStream rng, int[] codes, int firstRow) {
        for (int b = 0; b < batch; b++) {
            int row = firstRow + b;
            for (int n = 0; n < variables; n++) {
                codes[row * variables + n] =
                        rng.nextDouble() < probabilities[b * variables + n] ? 1 : 0;
            }
        }
    }

    @Override
    public double logProbabilityOf(int[] codes, int row, int b) {
        double s = 0;
        for (int n = 0; n < variables; n++) {
            int i = b * variables + n;
            s += codes[row * variables + n] != 0 ? logOne[i] : logZero[i];
        }
        return s;
    }

    /**
     * {@code KL(q(b|x_b) || prod_n Bernoulli(sigmoid(m_n)))} per example, nats, into {@code out};
     * {@code priorLogits} null means the uniform prior ({@code m = 0}), whose KL is
     * {@code sum_n [q log q + (1 - q) log(1 - q)] + N log 2}: 0 for a uniform posterior,
     * {@code N log 2} for a deterministic one.
     */
    public void kl(double[] priorLogits, double[] out, WorkerPool workers) {
        double uniform = softplus(0.0);
        workers.forRange(batch, EXAMPLES_PER_PIECE, (from, to) -> {
            for (int b = from; b < to; b++) {
                double s = 0;
                for (int n = 0; n < variables; n++) {
                    int i = b * variables + n;
                    double m = priorLogits == null ? 0.0 : priorLogits[n];
                    // -softplus(l) is logZero.
                    s += probabilities[i] * (logits[i] - m) + logZero[i]
                            + (priorLogits == null ? uniform : softplus(m));
                }
                out[b] = s;
            }
        });
    }

    /**
     * Adds {@code scale * d KL_b / d l_b = scale * q (1 - q) (l - m)} to {@code gradient}
     * ({@code B x N}); {@code priorLogits} as in {@link #kl}.
     */
    public void addKlGradient(double[] priorLogits, ElementView gradient, double scale,
            WorkerPool workers) {
        workers.forRange(batch, EXAMPLES_PER_PIECE, (from, to) -> {
            int len = (to - from) * variables;
            double[] g = KernelScratch.doubles(0, len);
            gradient.copyTo(from * variables, g, 0, len);
            for (int j = 0; j < len; j++) {
                int i = from * variables + j;
                double q = probabilities[i];
                double m = priorLogits == null ? 0.0 : priorLogits[j % variables];
                g[j] += scale * q * (1 - q) * (logits[i] - m);
            }
            gradient.write(from * variables, g, 0, len);
        });
    }

    /**
     * Adds {@code scale * sum_b d KL_b / d m = scale * sum_b (sigmoid(m) - q_b)} to
     * {@code priorGradient} (length N): the gradient of the batch's KL with respect to the prior's
     * logits. Examples are summed in order for each unit, whatever the thread count.
     */
    public void addPriorGradient(double[] priorLogits, double[] priorGradient, double scale) {
        for (int n = 0; n < variables; n++) {
            double p = sigmoid(priorLogits[n]);
            double s = 0;
            for (int b = 0; b < batch; b++) {
                s += p - probabilities[b * variables + n];
            }
            priorGradient[n] += scale * s;
        }
    }

    /** Adds {@code coefficient[r] * (b_r - sigmoid(l_b))}, the Bernoulli score. */
    @Override
    public void addScoreGradient(int[] codes, int firstRow, double[] coefficient,
            ElementView gradient, WorkerPool workers) {
        workers.forRange(batch, EXAMPLES_PER_PIECE, (from, to) -> {
            double[] g = KernelScratch.doubles(0, variables);
            for (int b = from; b < to; b++) {
                int row = firstRow + b;
                double c = coefficient[row];
                if (c == 0) {
                    continue;
                }
                gradient.copyTo(b * variables, g, 0, variables);
                for (int n = 0; n < variables; n++) {
                    g[n] += c * (codes[row * variables + n] - probabilities[b * variables + n]);
                }
                gradient.write(b * variables, g, 0, variables);
            }
        });
    }

    /** The bits themselves. */
    @Override
    public DecoderInput decoderInput(int[] codes, int rows) {
        return new DecoderInput.Bits(codes, rows, variables);
    }

    /** {@code sum_c q(c) f(c) (b_n - q_n) = classSums[bit 1] - q E_q[f]}. */
    @Override
    public void gradientFromClassSums(double[] classSums, double[] expected, ElementView out) {
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < variables; n++) {
                int i = b * variables + n;
                out.set(i, classSums[i * 2 + 1] - probabilities[i] * expected[b]);
            }
        }
    }
}

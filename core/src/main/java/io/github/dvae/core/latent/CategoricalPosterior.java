package io.github.dvae.core.latent;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ArrayConversion;
import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.VectorModule;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The posterior {@code q(z|x_b) = prod_n Cat(z_n; softmax(l_bn))} of a batch, from logits of shape
 * {@code B x N x K} (or {@code B x (N*K)}, the same memory).
 *
 * <p>A work buffer: {@link #update} reads a batch's logits once, in a numerically stable pass
 * (log-probabilities as {@code l - logsumexp(l)}, never {@code log(softmax)}), and the other
 * methods read the cached probabilities. Reuse one instance per run; not thread-safe.
 */
public final class CategoricalPosterior implements DiscretePosterior {

    private final int variables;
    private final int classes;
    private int batch;
    private double[] probabilities = new double[0];
    private double[] logProbabilities = new double[0];
    private double[] incoming = new double[0];
    private double[] seen = new double[0];
    private float[] incomingFloats = new float[0];
    private float[] seenFloats = new float[0];
    private boolean seenFloat;
    private int seenLength = -1;
    private double[] uniforms = new double[0];
    /**
     * Whether {@link CategoricalKernels} (the Vector API) takes the whole vectors of the loops
     * that read the probabilities at an example's offset; the same bits either way.
     */
    private static final boolean VECTOR_API = VectorModule.PRESENT;
    /** Groups whose cumulative sums {@link #sample(RandomStream, int[], int, int, WorkerPool)} interleaves. */
    private static final int FOUR = 4;

    public CategoricalPosterior(int variables, int classes) {
        this.variables = variables;
        this.classes = classes;
    }

    public CategoricalPosterior(LatentSpec spec) {
        this(spec.variables(), spec.classes());
    }

    @Override
    public int variables() {
        return variables;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** Number of examples of the last {@link #update}. */
    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int logitWidth() {
        return variables * classes;
    }

    /** Reads the logits of {@code batch} examples: {@code batch * N * K} values, row-major. */
    @Override
    public void update(ElementView logits, int batch) {
        update(logits, batch, WorkerPool.SERIAL);
    }

    /**
     * As {@link #update(ElementView, int)}, with the work spread over {@code workers}. Float
     * logits are read and compared as floats (half the memory of doubles); the softmax
     * numerators go through {@link ArrayExpLog#exp} (vectorised where the JVM has the Vector API),
     * so probabilities carry its relative error bound, far below the float precision the
     * gradients end in. Log-probabilities are {@code l - max - log(sum)}: exact where the
     * probability underflows.
     */
    @Override
    public void update(ElementView logits, int batch, WorkerPool workers) {
        int width = variables * classes;
        if (logits.length() < batch * width) {
            throw new IllegalArgumentException("need " + batch + " x " + width + " logits, got "
                    + logits.length());
        }
        int total = batch * width;
        boolean floats = logits.array().dataType() == DataType.FLOAT;
        // The same logits again (the KL after the estimator, within one step): the softmax is
        // already here. Compared by content, so a changed parameter can never leave it stale.
        if (floats) {
            if (incomingFloats.length < total) {
                incomingFloats = new float[total];
            }
            logits.copyTo(0, incomingFloats, 0, total);
            if (seenFloat && batch == this.batch && total == seenLength
                    && Arrays.equals(incomingFloats, 0, total, seenFloats, 0, total)) {
                return;
            }
            // The logits just read become the ones seen; the old buffer takes the next read.
            float[] read = incomingFloats;
            incomingFloats = seenFloats.length >= total ? seenFloats : new float[total];
            seenFloats = read;
        } else {
            if (incoming.length < total) {
                incoming = new double[total];
            }
            logits.copyTo(0, incoming, 0, total);
            if (!seenFloat && batch == this.batch && total == seenLength
                    && Arrays.equals(incoming, 0, total, seen, 0, total)) {
                return;
            }
            double[] read = incoming;
            incoming = seen.length >= total ? seen : new double[total];
            seen = read;
        }
        seenFloat = floats;
        seenLength = total;
        this.batch = batch;
        if (probabilities.length < total) {
            probabilities = new double[total];
            logProbabilities = new double[total];
        }
        float[] lf = seenFloats;
        double[] ld = seen;
        double[] p = probabilities;
        double[] logp = logProbabilities;
        workers.forRange(batch * variables, 64, (from, to) -> {
            double[] l = KernelScratch.doubles(0, classes);
            double[] pg = KernelScratch.doubles(1, classes);
            double[] logpg = KernelScratch.doubles(2, classes);
            for (int g = from; g < to; g++) {
                int base = g * classes;
                if (floats) {
                    ArrayConversion.widen(lf, base, l, 0, classes);
                } else {
                    System.arraycopy(ld, base, l, 0, classes);
                }
                softmax(l, pg, logpg);
                System.arraycopy(pg, 0, p, base, classes);
                System.arraycopy(logpg, 0, logp, base, classes);
            }
        });
    }

    /**
     * Softmax and log-softmax of {@code l[0, K)} into {@code p[0, K)} and {@code logp[0, K)}: every
     * array from 0, so that the loops vectorise (Java 17 does not vectorise a loop that writes
     * one double array and reads another at a different offset: they might be one array); the
     * caller copies the group into place.
     */
    private void softmax(double[] l, double[] p, double[] logp) {
        // The maximum by the Vector API over whole vectors and GroupSoftmax.max (four running
        // maxima, compared rather than Math.max'ed: NaN logits are outside the contract) over
        // the rest. The order of comparisons cannot change the result but for the sign of a
        // zero maximum, and that changes no value below (l - max is then +-0, whose exp is 1;
        // a zero shift is +0 either way).
        double m0 = Double.NEGATIVE_INFINITY;
        int i = 0;
        if (VECTOR_API) {
            i = CategoricalKernels.maxPrefix(l, classes);
            m0 = i > 0 ? CategoricalKernels.max(l, i) : m0;
        }
        double max = i < classes ? Math.max(m0, GroupSoftmax.max(l, i, classes - i)) : m0;
        for (int k = 0; k < classes; k++) {
            p[k] = l[k] - max;
        }
        ArrayExpLog.exp(p, 0, classes);
        // Four partial sums: one chain of dependent adds would bound the loop by their latency.
        double sum = PartialSums.sum(p, 0, classes);
        double shift = max + Math.log(sum);
        double inv = 1.0 / sum;
        for (int k = 0; k < classes; k++) {
            p[k] *= inv;
            logp[k] = l[k] - shift;
        }
    }

    /** {@code q(z_n = k | x_b)}. */
    public double probability(int b, int n, int k) {
        return probabilities[(b * variables + n) * classes + k];
    }

    /** {@code log q(z_n = k | x_b)}, accurate even where the probability underflows. */
    public double logProbability(int b, int n, int k) {
        return logProbabilities[(b * variables + n) * classes + k];
    }

    /**
     * The probabilities, {@code B * N * K} values row-major; the array is live (overwritten by the
     * next update) and may be longer than needed.
     */
    public double[] probabilities() {
        return probabilities;
    }

    /** The log-probabilities, laid out as {@link #probabilities()}. */
    public double[] logProbabilities() {
        return logProbabilities;
    }

    /**
     * Draws one sample per example into rows {@code [firstRow, firstRow + B)} of {@code codes}
     * ({@code codes[row * N + n]}), by inversion of the cumulative distribution.
     */
    @Override
    public void sample(RandomStream rng, int[] codes, int firstRow) {
        for (int b = 0; b < batch; b++) {
            int row = firstRow + b;
            for (int n = 0; n < variables; n++) {
                codes[row * variables + n] = sampleOne(b * variables + n, rng.nextDouble());
            }
        }
    }

    /**
     * As {@code count} calls of {@link #sample(RandomStream, int[], int)}, bit for bit: the
     * uniforms are drawn first, in the order those calls draw them, and each group's cumulative
     * distribution is then summed once (in the order of the single draw's scan) and searched
     * {@code count} times, in parallel over groups. For one draw per group, each group is
     * scanned as {@link #sample(RandomStream, int[], int)} scans it, in parallel over groups.
     */
    @Override
    public void sample(RandomStream rng, int[] codes, int firstRow, int count,
            WorkerPool workers) {
        int groups = batch * variables;
        int draws = count * groups;
        if (uniforms.length < draws) {
            uniforms = new double[draws];
        }
        double[] u = uniforms;
        for (int i = 0; i < draws; i++) {
            u[i] = rng.nextDouble();
        }
        int rowOffset = firstRow * variables;
        if (count == 1) {
            // One draw per group: a scan that stops at the draw costs half a cumulative sum.
            // Group g = b * N + n is the g-th draw of the serial loop, and its code goes where
            // that loop puts it, codes[(firstRow + b) * N + n].
            workers.forRange(groups, 64, (from, to) -> {
                for (int g = from; g < to; g++) {
                    codes[rowOffset + g] = sampleOne(g, u[g]);
                }
            });
            return;
        }
        workers.forRange(groups, 64, (from, to) -> {
            double[] cumulative = KernelScratch.doubles(0, FOUR * classes);
            int[] lastPositive = new int[FOUR];
            for (int g = from; g < to; g += FOUR) {
                int width = Math.min(FOUR, to - g);
                if (width == FOUR) {
                    cumulativeOfFour(g, cumulative, lastPositive);
                } else {
                    for (int j = 0; j < width; j++) {
                        lastPositive[j] = cumulativeOf(g + j, cumulative, j * classes);
                    }
                }
                for (int j = 0; j < width; j++) {
                    for (int s = 0; s < count; s++) {
                        codes[rowOffset + s * groups + g + j] = search(cumulative, j * classes,
                                u[s * groups + g + j], lastPositive[j]);
                    }
                }
            }
        });
    }

    /**
     * The cumulative sums of group {@code g}'s positive probabilities into {@code out} from
     * {@code at}, added in the order {@link #sampleOne} adds them (so the values are the same);
     * returns the last class with positive probability.
     */
    private int cumulativeOf(int g, double[] out, int at) {
        int base = g * classes;
        double cumulative = 0;
        int lastPositive = 0;
        for (int k = 0; k < classes; k++) {
            double p = probabilities[base + k];
            if (p > 0) {
                cumulative += p;
                lastPositive = k;
            }
            out[at + k] = cumulative;
        }
        return lastPositive;
    }

    /**
     * {@link #cumulativeOf} of groups {@code g} to {@code g + 3} into consecutive blocks of
     * {@code out}, interleaved: each sum is a chain of dependent adds, and four independent
     * chains run in the time of one. Adding 0 for a class without mass leaves a sum as skipping
     * it does, so the values are {@link #sampleOne}'s.
     */
    private void cumulativeOfFour(int g, double[] out, int[] lastPositive) {
        double[] q = probabilities;
        int b0 = g * classes;
        int b1 = b0 + classes;
        int b2 = b1 + classes;
        int b3 = b2 + classes;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        int l0 = 0;
        int l1 = 0;
        int l2 = 0;
        int l3 = 0;
        for (int k = 0; k < classes; k++) {
            double p0 = q[b0 + k];
            double p1 = q[b1 + k];
            double p2 = q[b2 + k];
            double p3 = q[b3 + k];
            c0 += p0 > 0 ? p0 : 0.0;
            c1 += p1 > 0 ? p1 : 0.0;
            c2 += p2 > 0 ? p2 : 0.0;
            c3 += p3 > 0 ? p3 : 0.0;
            l0 = p0 > 0 ? k : l0;
            l1 = p1 > 0 ? k : l1;
            l2 = p2 > 0 ? k : l2;
            l3 = p3 > 0 ? k : l3;
            out[k] = c0;
            out[classes + k] = c1;
            out[2 * classes + k] = c2;
            out[3 * classes + k] = c3;
        }
        lastPositive[0] = l0;
        lastPositive[1] = l1;
        lastPositive[2] = l2;
        lastPositive[3] = l3;
    }

    /**
     * The first class whose cumulative sum ({@code cumulative[at, at + K)}) exceeds {@code u}:
     * {@link #sampleOne}'s answer, since the sums only grow at classes of positive probability
     * and {@code u >= 0}.
     */
    private int search(double[] cumulative, int at, double u, int lastPositive) {
        int lo = 0;
        int hi = classes;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cumulative[at + mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // Rounding left the total just below u: the last class with mass takes it, as in a scan.
        return lo < classes ? lo : lastPositive;
    }

    private int sampleOne(int group, double u) {
        int base = group * classes;
        double cumulative = 0;
        int lastPositive = 0;
        for (int k = 0; k < classes; k++) {
            double p = probabilities[base + k];
            if (p > 0) {
                cumulative += p;
                lastPositive = k;
                if (u < cumulative) {
                    return k;
                }
            }
        }
        // Rounding left the cumulative sum just below u: the last class with mass takes it.
        return lastPositive;
    }

    /** {@code log q(z | x_b)} of the codes in row {@code row}, nats. */
    @Override
    public double logProbabilityOf(int[] codes, int row, int b) {
        double s = 0;
        for (int n = 0; n < variables; n++) {
            s += logProbabilities[(b * variables + n) * classes + codes[row * variables + n]];
        }
        return s;
    }

    /**
     * {@code KL(q(z|x_b) || Uniform) = sum_{n,k} q log q + N log K} per example, nats, into
     * {@code out}. Zero for a uniform posterior, {@code N log K} for a one-hot one.
     */
    public void klToUniform(double[] out) {
        klToUniform(out, WorkerPool.SERIAL);
    }

    /** As {@link #klToUniform(double[])}, with examples spread over {@code workers}. */
    public void klToUniform(double[] out, WorkerPool workers) {
        double logK = Math.log(classes);
        workers.forRange(batch, 8, (from, to) -> {
            for (int b = from; b < to; b++) {
                double s = 0;
                for (int n = 0; n < variables; n++) {
                    s += negativeEntropy((b * variables + n) * classes);
                }
                out[b] = s + variables * logK;
            }
        });
    }

    /**
     * {@code sum_k q_k log q_k} of the group at {@code base}, with {@code 0 log 0 = 0}: the one
     * sum the KL value and its gradient share, so that the fused pass equals the separate ones.
     */
    private double negativeEntropy(int base) {
        double[] p = probabilities;
        double[] logp = logProbabilities;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < classes; k += 4) {
            s0 += p[base + k] > 0 ? p[base + k] * logp[base + k] : 0.0;
            s1 += p[base + k + 1] > 0 ? p[base + k + 1] * logp[base + k + 1] : 0.0;
            s2 += p[base + k + 2] > 0 ? p[base + k + 2] * logp[base + k + 2] : 0.0;
            s3 += p[base + k + 3] > 0 ? p[base + k + 3] * logp[base + k + 3] : 0.0;
        }
        for (; k < classes; k++) {
            s0 += p[base + k] > 0 ? p[base + k] * logp[base + k] : 0.0;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Adds {@code scale * d KL_b / d l_b} to {@code gradient} ({@code B x N x K}), where
     * {@code d/d l_k sum_j q_j log q_j = q_k (log q_k - sum_j q_j log q_j)}.
     */
    public void addKlGradient(ElementView gradient, double scale) {
        addKlGradient(gradient, scale, WorkerPool.SERIAL);
    }

    /** As {@link #addKlGradient(ElementView, double)}, spread over {@code workers}. */
    public void addKlGradient(ElementView gradient, double scale, WorkerPool workers) {
        klToUniformAndAddGradient(null, gradient, scale, workers);
    }

    /**
     * {@link #klToUniform(double[], WorkerPool)} into {@code out} (unless null) and
     * {@link #addKlGradient(ElementView, double, WorkerPool)}, bit for bit, in one pass that
     * reads each group's probabilities and gradient row once.
     */
    public void klToUniformAndAddGradient(double[] out, ElementView gradient, double scale,
            WorkerPool workers) {
        double logK = Math.log(classes);
        int width = variables * classes;
        workers.forRange(batch, 8, (from, to) -> {
            double[] g = KernelScratch.doubles(0, width);
            for (int b = from; b < to; b++) {
                gradient.copyTo(b * width, g, 0, width);
                double s = 0;
                for (int n = 0; n < variables; n++) {
                    int base = (b * variables + n) * classes;
                    double negEntropy = negativeEntropy(base);
                    s += negEntropy;
                    int local = n * classes;
                    int done = VECTOR_API ? CategoricalKernels.addKlGradient(g, local,
                            probabilities, logProbabilities, base, classes, scale, negEntropy)
                            : 0;
                    for (int k = done; k < classes; k++) {
                        double p = probabilities[base + k];
                        // A select, not a branch: where p = 0, log p may be -inf (0 * -inf).
                        double term = scale * p * (logProbabilities[base + k] - negEntropy);
                        g[local + k] += p > 0 ? term : 0.0;
                    }
                }
                gradient.write(b * width, g, 0, width);
                if (out != null) {
                    out[b] = s + variables * logK;
                }
            }
        });
    }

    /**
     * Adds {@code coefficient[r] * d log q(z_r | x_b) / d l_b = coefficient[r] * (onehot(z_r) -
     * softmax(l_b))} to {@code gradient} for the rows {@code r = firstRow + b}, b in [0, B): the
     * score-function term of REINFORCE and its relatives.
     */
    public void addScoreGradient(int[] codes, int firstRow, double[] coefficient,
            ElementView gradient) {
        addScoreGradient(codes, firstRow, coefficient, gradient, WorkerPool.SERIAL);
    }

    /** As above, with examples spread over {@code workers}. */
    @Override
    public void addScoreGradient(int[] codes, int firstRow, double[] coefficient,
            ElementView gradient, WorkerPool workers) {
        int width = variables * classes;
        workers.forRange(batch, 8, (from, to) -> {
            double[] g = KernelScratch.doubles(0, width);
            for (int b = from; b < to; b++) {
                int row = firstRow + b;
                double c = coefficient[row];
                if (c == 0) {
                    continue;
                }
                gradient.copyTo(b * width, g, 0, width);
                int done = VECTOR_API
                        ? CategoricalKernels.subtractScaled(g, probabilities, b * width, width, c)
                        : 0;
                for (int i = done; i < width; i++) {
                    g[i] -= c * probabilities[b * width + i];
                }
                for (int n = 0; n < variables; n++) {
                    g[n * classes + codes[row * variables + n]] += c;
                }
                gradient.write(b * width, g, 0, width);
            }
        });
    }

    /**
     * Writes the score gradient of {@code count} samples per example in one pass per row:
     * {@code (sum_s c_s) * (-softmax(l_b))}, then {@code c_s} at each sample's codes; the row is
     * written once, never read. Equal to zero-fill plus {@code count} calls of
     * {@link #addScoreGradient} up to the rounding of the intermediate sums (bit for bit for one
     * sample, and always for double gradients when the coefficients' partial sums are exact).
     */
    @Override
    public void setScoreGradient(int[] codes, int firstRow, int count, double[] coefficient,
            ElementView gradient, WorkerPool workers) {
        int width = variables * classes;
        int rows = batch;
        workers.forRange(batch, 8, (from, to) -> {
            double[] g = KernelScratch.doubles(0, width);
            for (int b = from; b < to; b++) {
                double total = 0;
                for (int s = 0; s < count; s++) {
                    total += coefficient[firstRow + s * rows + b];
                }
                int base = b * width;
                int done = VECTOR_API
                        ? CategoricalKernels.negatedScaled(g, probabilities, base, width, total)
                        : 0;
                for (int i = done; i < width; i++) {
                    // 0 - x, not -x: a zero product stays +0, as in zero-fill plus add.
                    g[i] = 0.0 - total * probabilities[base + i];
                }
                for (int s = 0; s < count; s++) {
                    int row = firstRow + s * rows + b;
                    double c = coefficient[row];
                    if (c == 0) {
                        continue;
                    }
                    for (int n = 0; n < variables; n++) {
                        g[n * classes + codes[row * variables + n]] += c;
                    }
                }
                gradient.write(base, g, 0, width);
            }
        });
    }

    /** The one-hot decoder input of {@code rows} rows of codes. */
    @Override
    public DecoderInput decoderInput(int[] codes, int rows) {
        return new DecoderInput.OneHot(codes, rows, variables, classes);
    }

    /** {@code sum_c q(c) f(c) (onehot(c) - p) = classSums - p E_q[f]}. */
    @Override
    public void gradientFromClassSums(double[] classSums, double[] expected, ElementView out) {
        int width = variables * classes;
        for (int b = 0; b < batch; b++) {
            for (int i = b * width; i < (b + 1) * width; i++) {
                out.set(i, classSums[i] - probabilities[i] * expected[b]);
            }
        }
    }
}

package io.github.dvae.core.latent;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.WorkerPool;

/**
 * The two Gumbel perturbations of one categorical variable that REBAR and RELAX need, written in
 * terms of
 * its normalised log-probabilities {@code t_k = log pi_k} (so that {@code logsumexp(t) = 0}),
 * their relaxation {@code softmax(z / lambda)} ({@link #relax}), and the chain rule from a
 * perturbation back to the logits.
 *
 * <ul>
 *   <li>{@link #perturb}: {@code z_k = t_k + g_k} with standard Gumbel {@code g_k}, and
 *       {@code b = argmax z}, an exact sample of {@code Cat(pi)}. {@code dz_k / dt_k = 1}.
 *   <li>{@link #conditional}: {@code z~ ~ z | argmax z = b}. With exponentials
 *       {@code e_k = -log v_k}, {@code v_k ~ U(0, 1)}: {@code z~_b = -log e_b} (the maximum of
 *       {@code t + g} is a standard Gumbel, independent of the argmax) and, for {@code k != b},
 *       {@code z~_k = -log(e_k / pi_k + e_b)}: a Gumbel of location {@code t_k} truncated below
 *       {@code z~_b}. Its derivative, {@code s_k = dz~_k / dt_k = e_k / (e_k + e_b pi_k)} for
 *       {@code k != b} and {@code s_b = 0}, is the derivative that ports get wrong.
 * </ul>
 *
 * <p>Numerics: {@code s_k = e_k / (e_k + e_b pi_k)} is finite for every {@code pi_k} in [0, 1].
 * Where {@code pi_k} is a normal number above {@value #DIRECT_FORM_FLOOR}, {@code z~_k} is the
 * direct form above (one logarithm); below it, where {@code e_k / pi_k} could overflow (logit
 * gaps above about 690), it is {@code -logaddexp(log e_k - t_k, log e_b)} from the
 * log-probability {@code t_k}, which stays finite where {@code pi_k} underflows to 0.
 * A Gumbel costs one logarithm of an exponential: the single-variable methods draw exponentials
 * from the ziggurat sampler, the batched ones ({@link #draw}, {@link #drawRelaxed}) a piece at a
 * time from {@link RandomStream#fillExponential} (eight generator lanes, the logarithm
 * vectorised: 0.9 against 2.5 ns a draw on one thread, AMD EPYC Zen 5; the ziggurat's calls were
 * two thirds of {@code drawRelaxed}'s time). Its law is the exponential's up to that method's
 * stated bounds, and every value is at least 1.1e-16, so {@link #exponential}'s floor holds there
 * without a clamp.
 *
 * <p>The chain rule to the logits {@code l} goes through {@code dt_k / dl_j = delta_kj - pi_j}:
 * {@link #toLogits}.
 */
public final class ConditionalGumbel {

    /** Smallest probability for which the direct form of {@code z~_k} is used. */
    public static final double DIRECT_FORM_FLOOR = 1e-300;

    /** Variables per piece of {@link #draw}'s and {@link #relax}'s parallel work. */
    public static final int GROUPS_PER_PIECE = 64;

    private ConditionalGumbel() {
    }

    /**
     * A standard exponential ({@code -log v}, {@code v} uniform on (0, 1)), kept at or above the
     * smallest normal double so that its logarithm is finite.
     */
    public static double exponential(RandomStream rng) {
        return Math.max(rng.nextExponential(), Double.MIN_NORMAL);
    }

    /**
     * Fills {@code out[from, from + count)} with {@link #exponential}s, the same values in the
     * same order as {@code count} calls, in half their time: drawing and clamping in two loops
     * lets the clamp vectorise (measured 2.0 against 3.9 ns a draw).
     */
    public static void exponentials(RandomStream rng, double[] out, int from, int count) {
        for (int i = from; i < from + count; i++) {
            out[i] = rng.nextExponential();
        }
        for (int i = from; i < from + count; i++) {
            out[i] = Math.max(out[i], Double.MIN_NORMAL);
        }
    }

    /**
     * Writes {@code z_k = t_k + g_k} for the {@code classes} entries from {@code base} and returns
     * {@code argmax z} (relative to {@code base}). Draws {@code classes} exponentials.
     */
    public static int perturb(double[] logProbabilities, int base, int classes, RandomStream rng,
            double[] z) {
        int argmax = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double v = logProbabilities[base + k] - Math.log(exponential(rng));
            z[base + k] = v;
            if (v > max) {
                max = v;
                argmax = k;
            }
        }
        return argmax;
    }

    /**
     * REBAR's noise for {@code groups} variables of {@code classes} entries laid out one after
     * the other: per variable, {@code z} and its argmax (into {@code codes}), then
     * {@code z~ | argmax} and its slopes ({@link #conditional}). The variables are cut into pieces
     * of {@value #GROUPS_PER_PIECE}, spread over {@code workers}; piece p draws from the p-th
     * stream split from {@code rng} (in piece order), first its exponentials for z, then those
     * for z~ ({@link RandomStream#fillExponential}), so the draw does not depend on the number
     * of threads. The logarithms go through {@link ArrayExpLog} a piece at a time (its error
     * bound applies to z and z~).
     */
    public static void draw(double[] logProbabilities, double[] probabilities, int groups,
            int classes, RandomStream rng, WorkerPool workers, int[] codes, double[] z,
            double[] zTilde, double[] slope) {
        int pieces = (groups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
        RandomStream[] streams = new RandomStream[pieces];
        for (int p = 0; p < pieces; p++) {
            streams[p] = rng.split();
        }
        // About ten operations per entry, counted as work against the pool's threshold.
        workers.forEach(pieces, 10L * groups * classes, p -> {
            int first = p * GROUPS_PER_PIECE;
            int last = Math.min(groups, first + GROUPS_PER_PIECE);
            drawPiece(logProbabilities, probabilities, first, last, classes, streams[p], codes, z,
                    zTilde, slope);
        });
    }

    private static void drawPiece(double[] logProbabilities, double[] probabilities, int first,
            int last, int classes, RandomStream rng, int[] codes, double[] z, double[] zTilde,
            double[] slope) {
        int from = first * classes;
        int length = (last - first) * classes;
        // z = t - log e, e exponential: the same law as t + Gumbel.
        rng.fillExponential(z, from, length);
        ArrayExpLog.log(z, from, length);
        for (int i = from; i < from + length; i++) {
            z[i] = logProbabilities[i] - z[i];
        }
        double[] exponentials = KernelScratch.doubles(0, length);
        rng.fillExponential(exponentials, 0, length);
        for (int group = first; group < last; group++) {
            int base = group * classes;
            int argmax = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                if (z[base + k] > max) {
                    max = z[base + k];
                    argmax = k;
                }
            }
            codes[group] = argmax;
            conditionalArguments(probabilities, base, classes, argmax, exponentials,
                    base - from, zTilde, slope);
        }
        ArrayExpLog.log(zTilde, from, length);
        for (int group = first; group < last; group++) {
            int base = group * classes;
            conditionalFinish(logProbabilities, probabilities, base, classes, codes[group],
                    exponentials, base - from, zTilde, slope);
        }
    }

    /**
     * Draws {@code z~ ~ z | argmax z = chosen} into {@code zTilde} and its slopes
     * {@code dz~_k / dt_k} into {@code slope}, at entries {@code [base, base + classes)}. Draws
     * {@code classes} exponentials.
     *
     * @param exponentials scratch of length {@code >= classes}
     */
    public static void conditional(double[] logProbabilities, double[] probabilities, int base,
            int classes, int chosen, RandomStream rng, double[] exponentials, double[] zTilde,
            double[] slope) {
        for (int k = 0; k < classes; k++) {
            exponentials[k] = exponential(rng);
        }
        conditional(logProbabilities, probabilities, base, classes, chosen, exponentials, zTilde,
                slope);
    }

    /**
     * As {@link #conditional(double[], double[], int, int, int, RandomStream, double[], double[],
     * double[])} at given exponentials {@code e_k = -log v_k} (index {@code k}, from 0): a
     * deterministic function of the logits, for finite-difference checks at fixed noise. The
     * logarithm of the direct form is {@link ArrayExpLog#log}'s, within its absolute error bound.
     */
    public static void conditional(double[] logProbabilities, double[] probabilities, int base,
            int classes, int chosen, double[] exponentials, double[] zTilde, double[] slope) {
        conditionalArguments(probabilities, base, classes, chosen, exponentials, 0, zTilde, slope);
        ArrayExpLog.log(zTilde, base, classes);
        conditionalFinish(logProbabilities, probabilities, base, classes, chosen, exponentials, 0,
                zTilde, slope);
    }

    /**
     * First half of {@link #conditional}: the arguments of the logarithm ({@code e_b}, and
     * {@code e_k / pi_k + e_b} in the direct form; 1 where the log form will overwrite) into
     * {@code zTilde}, and the direct form's slopes.
     */
    private static void conditionalArguments(double[] probabilities, int base, int classes,
            int chosen, double[] exponentials, int eFrom, double[] zTilde, double[] slope) {
        double chosenExponential = exponentials[eFrom + chosen];
        for (int k = 0; k < classes; k++) {
            double p = probabilities[base + k];
            double e = exponentials[eFrom + k];
            boolean direct = p >= DIRECT_FORM_FLOOR;
            zTilde[base + k] = direct ? e / p + chosenExponential : 1.0;
            slope[base + k] = direct ? e / (e + chosenExponential * p) : 0.0;
        }
        zTilde[base + chosen] = chosenExponential;
        slope[base + chosen] = 0.0;
    }

    /** Second half: negates the logarithms and fills in the log form where it is needed. */
    private static void conditionalFinish(double[] logProbabilities, double[] probabilities,
            int base, int classes, int chosen, double[] exponentials, int eFrom, double[] zTilde,
            double[] slope) {
        for (int k = 0; k < classes; k++) {
            zTilde[base + k] = -zTilde[base + k];
        }
        double chosenExponential = exponentials[eFrom + chosen];
        for (int k = 0; k < classes; k++) {
            if (k != chosen && !(probabilities[base + k] >= DIRECT_FORM_FLOOR)) {
                conditionalInLogs(logProbabilities[base + k], exponentials[eFrom + k],
                        chosenExponential, zTilde, slope, base + k);
            }
        }
    }

    /**
     * {@code z~_k = -logaddexp(log e_k - t_k, log e_b)} and {@code s_k = sigmoid(log e_k - t_k -
     * log e_b)}, finite for any finite {@code t_k}: the form for probabilities too small for the
     * direct one.
     */
    static void conditionalInLogs(double logProbability, double exponential,
            double chosenExponential, double[] zTilde, double[] slope, int at) {
        double x = Math.log(exponential) - logProbability;
        double logChosen = Math.log(chosenExponential);
        double d = x - logChosen;
        if (d > 0) {
            double e = Math.exp(-d);
            zTilde[at] = -(x + Math.log1p(e));
            slope[at] = 1.0 / (1.0 + e);
        } else {
            double e = Math.exp(d);
            zTilde[at] = -(logChosen + Math.log1p(e));
            slope[at] = e / (1.0 + e);
        }
    }

    /**
     * The chain rule from a perturbation back to the logits: given {@code u_k = d h / d z_k} and
     * the slopes {@code s_k = d z_k / d t_k} (null for all ones), adds
     * {@code scale * (u_j s_j - pi_j sum_k u_k s_k)}, which is {@code scale * d h / d l_j}, to
     * {@code out[outBase + j]}.
     */
    public static void toLogits(double[] upstream, int upBase, double[] slope, int base,
            double[] probabilities, int classes, double scale, double[] out, int outBase) {
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += slope == null ? upstream[upBase + k]
                    : upstream[upBase + k] * slope[base + k];
        }
        for (int j = 0; j < classes; j++) {
            double us = slope == null ? upstream[upBase + j]
                    : upstream[upBase + j] * slope[base + j];
            out[outBase + j] += scale * (us - probabilities[base + j] * sum);
        }
    }

    /**
     * The inverse temperature (lambda = 1/2, REBAR's and RELAX's default) at which
     * {@link #drawRelaxed} needs neither a logarithm nor an exponential.
     */
    public static final double SQUARING_INVERSE_TEMPERATURE = 2.0;

    /**
     * {@link #draw} followed by {@link #relax} of z and z~ at inverse temperature
     * {@value #SQUARING_INVERSE_TEMPERATURE}, from the same exponentials in the same order, without
     * z and z~ themselves: {@code codes}, {@code slope}, {@code y = softmax(2 z)} into
     * {@code out} from {@code zFrom} and {@code y~ = softmax(2 z~)} from {@code tildeFrom}.
     *
     * <p>Why it needs no logarithm: with {@code q_k = pi_k / e_k}, {@code z_k = log q_k}, so
     * {@code b = argmax q} and {@code y_k} is proportional to {@code (q_k / max q)^2}; and
     * {@code z~_k = -log(e_k / pi_k + e_b)}, {@code z~_b = -log e_b}, so {@code y~_k} is
     * proportional to {@code r_k^2} with {@code r_k = e_b pi_k / (e_k + e_b pi_k)} and
     * {@code r_b = 1}, while {@code s_k = e_k / (e_k + e_b pi_k)} as in {@link #conditional}.
     * Every ratio lies in [0, 1] and every denominator is at least {@code e_k >= }
     * {@link Double#MIN_NORMAL}, so nothing overflows whatever the logits; where {@code pi_k}
     * underflows to 0, {@code y_k = y~_k = 0} and {@code s_k = 1}, the limits of the log forms.
     * The same function of the same noise as the two-step path, up to rounding (the latter's
     * logarithm and exponential are {@link ArrayExpLog}'s approximations); tested against it.
     */
    public static void drawRelaxed(double[] probabilities, int groups, int classes,
            RandomStream rng, WorkerPool workers, int[] codes, double[] slope, ElementView out,
            int zFrom, int tildeFrom) {
        int pieces = (groups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
        RandomStream[] streams = new RandomStream[pieces];
        for (int p = 0; p < pieces; p++) {
            streams[p] = rng.split();
        }
        workers.forEach(pieces, 8L * groups * classes, p -> {
            int first = p * GROUPS_PER_PIECE;
            int last = Math.min(groups, first + GROUPS_PER_PIECE);
            drawRelaxedPiece(probabilities, first, last, classes, streams[p], codes, slope, out,
                    zFrom, tildeFrom);
        });
    }

    private static void drawRelaxedPiece(double[] probabilities, int first, int last,
            int classes, RandomStream rng, int[] codes, double[] slope, ElementView out,
            int zFrom, int tildeFrom) {
        int from = first * classes;
        int length = (last - first) * classes;
        // Every array of the loops below is indexed alike (from 0 for the piece): loops that
        // read one array at one offset and another at a different one, as probabilities[from +
        // i] beside scratch[i], measured 10 times slower per entry (the JIT did not vectorise
        // them); the copies in and out are bulk copies.
        double[] y = KernelScratch.doubles(0, length);
        double[] yTilde = KernelScratch.doubles(1, length);
        double[] pi = KernelScratch.doubles(2, length);
        double[] s = KernelScratch.doubles(3, length);
        // The draw's order: first the piece's exponentials for z, then those for z~.
        rng.fillExponential(y, 0, length);
        rng.fillExponential(yTilde, 0, length);
        System.arraycopy(probabilities, from, pi, 0, length);
        // q = pi / e, the whole piece in one loop.
        for (int i = 0; i < length; i++) {
            y[i] = pi[i] / y[i];
        }
        for (int local = 0; local < length; local += classes) {
            int argmax = argmax(y, local, classes);
            codes[first + local / classes] = argmax;
            squaredShares(y, local, classes, y[local + argmax]);
            double chosenExponential = yTilde[local + argmax];
            for (int k = local; k < local + classes; k++) {
                double e = yTilde[k];
                // One division for both ratios: the denominator is at least e >= MIN_NORMAL,
                // so its inverse is finite, and both products lie in [0, 1].
                double inverse = 1.0 / (e + chosenExponential * pi[k]);
                double r = chosenExponential * pi[k] * inverse;
                yTilde[k] = r * r;
                s[k] = e * inverse;
            }
            yTilde[local + argmax] = 1.0;
            s[local + argmax] = 0.0;
            normalise(yTilde, local, classes);
        }
        System.arraycopy(s, 0, slope, from, length);
        out.write(zFrom + from, y, 0, length);
        out.write(tildeFrom + from, yTilde, 0, length);
    }

    /** The first index of the largest of {@code x[from, from + classes)}, relative to from. */
    private static int argmax(double[] x, int from, int classes) {
        int argmax = 0;
        double max = x[from];
        for (int k = 1; k < classes; k++) {
            if (x[from + k] > max) {
                max = x[from + k];
                argmax = k;
            }
        }
        return argmax;
    }

    /**
     * Overwrites {@code x[from, from + classes)} with {@code (x / divisor)^2}, normalised to sum
     * 1; a division rather than a product with the inverse, which could be subnormal (the
     * loop-invariant divisor still lets the JIT vectorise it).
     */
    private static void squaredShares(double[] x, int from, int classes, double divisor) {
        for (int k = from; k < from + classes; k++) {
            double v = x[k] / divisor;
            x[k] = v * v;
        }
        normalise(x, from, classes);
    }

    /**
     * Scales {@code x[from, from + classes)} (non-negative, largest entry 1) to sum 1: the sum is
     * at least 1, so its inverse is a normal number. The sum over four partial sums, as a
     * sequential one would wait an add latency per entry.
     */
    private static void normalise(double[] x, int from, int classes) {
        double inverse = 1.0 / PartialSums.sum(x, from, classes);
        for (int k = from; k < from + classes; k++) {
            x[k] *= inverse;
        }
    }

    /**
     * {@link SoftmaxJacobian#backward} then {@link #toLogits} for one variable, in one pass over
     * its entries: from {@code d_k = dh/dy_k} at {@code y = softmax(z * inverseTemperature)}
     * (overwritten), adds {@code scale * dh/dl_j} to {@code out[outBase + j]}, through z
     * ({@code slope} null) or z~. Its sums run over four partial sums, because a sequential
     * floating-point sum waits an add latency per entry; so it equals the two-step form up to
     * rounding.
     */
    public static void relaxedToLogits(double[] y, int yBase, double[] d, int dBase,
            double[] slope, int base, double[] probabilities, int classes,
            double inverseTemperature, double scale, double[] out, int outBase) {
        double dot = PartialSums.dot(y, yBase, d, dBase, classes);
        if (slope != null) {
            for (int k = 0; k < classes; k++) {
                d[dBase + k] = inverseTemperature * y[yBase + k] * (d[dBase + k] - dot)
                        * slope[base + k];
            }
        } else {
            for (int k = 0; k < classes; k++) {
                d[dBase + k] = inverseTemperature * y[yBase + k] * (d[dBase + k] - dot);
            }
        }
        double sum = PartialSums.sum(d, dBase, classes);
        for (int j = 0; j < classes; j++) {
            out[outBase + j] += scale * (d[dBase + j] - probabilities[base + j] * sum);
        }
    }

    /**
     * Writes {@code softmax(source * inverseTemperature)} over each group of {@code classes}
     * entries of {@code source[0, groups * classes)} into {@code out} from {@code outFrom}: the
     * relaxed sample of a perturbation, by {@link GroupSoftmax}. Pieces of {@value #GROUPS_PER_PIECE} variables run on {@code workers}.
     */
    public static void relax(double[] source, int groups, int classes, double inverseTemperature,
            ElementView out, int outFrom, WorkerPool workers) {
        int pieces = (groups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
        workers.forEach(pieces, 6L * groups * classes, p -> {
            int first = p * GROUPS_PER_PIECE;
            int last = Math.min(groups, first + GROUPS_PER_PIECE);
            int from = first * classes;
            int length = (last - first) * classes;
            double[] y = KernelScratch.doubles(0, length);
            for (int i = 0; i < length; i++) {
                y[i] = source[from + i] * inverseTemperature;
            }
            GroupSoftmax.inPlace(y, 0, length, classes);
            out.write(outFrom + from, y, 0, length);
        });
    }
}

package io.github.dvae.core.likelihood;

import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.VectorModule;
import io.github.dvae.core.tensor.WorkerPool;

/**
 * The Bernoulli log-likelihood {@code log p(x|z) = sum_j x_j l_j - softplus(l_j)} of binary pixels
 * {@code x} under decoder logits {@code l}, summed over pixels: nats per row.
 *
 * <p>Computed from logits in the stable form {@code softplus(l) = max(l, 0) + log1p(exp(-|l|))},
 * never as {@code log(sigmoid(l))}, so saturated logits give exact, finite values. Its gradient
 * with respect to the logits is {@code x - sigmoid(l)}.
 *
 * <p>Rows and examples: the logits may hold R samples per example, sample-major, so row {@code r}
 * is scored against example {@code r % examples}.
 *
 * <p>Accuracy of {@link #evaluate}: its {@code exp(-|l|)} per pixel comes from
 * {@link ArrayExpLog#exp} (a whole row at once, vectorised), relative error below
 * {@link ArrayExpLog#EXP_RELATIVE_ERROR}; since {@code d log(1 + e) = de / (1 + e)} and
 * {@code e <= 1}, each pixel's term and its gradient {@code x - sigmoid(l)} are off by less than
 * that bound (absolutely), so a row's value by less than {@code width} times it (below 1e-8 nats
 * for 784 pixels) beside the log-of-products rounding below. The scalar helpers
 * ({@link #softplus}, {@link #sigmoid}) use {@code Math.exp}.
 */
public final class BernoulliLikelihood {

    /**
     * Whether {@link LikelihoodKernels} (the Vector API) takes the whole vectors of the gradient
     * loop; the same bits either way.
     */
    private static final boolean VECTOR_API = VectorModule.PRESENT;


    /** Factors per logarithm in the softplus sum; a power of two, 2^64 far below overflow. */
    private static final int PRODUCT_BLOCK = 64;

    /** The bits of 1.0. */
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    private BernoulliLikelihood() {
    }

    /** {@code log(1 + exp(l))} without overflow or loss of precision. */
    public static double softplus(double l) {
        return Math.max(l, 0) + log1pUnit(Math.exp(-Math.abs(l)));
    }

    /**
     * {@code log(1 + e)} for {@code e} in [0, 1], within 1.2e-16 absolutely and 2e-13
     * relatively (tested against {@code Math.log1p}). Java 17's
     * {@code Math.log1p} is not an intrinsic (about ten times the cost of {@code Math.log}, which
     * is), and Bernoulli units take one per unit per step. Above 1e-3 the rounding of
     * {@code 1 + e} costs at most 1.2e-16 absolutely, 1.2e-13 relatively; below, five terms of
     * the series leave less than {@code e^6 / 6}.
     */
    public static double log1pUnit(double e) {
        if (e > 1e-3) {
            return Math.log(1 + e);
        }
        return e * (1 - e * (0.5 - e * (1.0 / 3 - e * (0.25 - e * 0.2))));
    }

    /** The logistic function, stable for large |l|. */
    public static double sigmoid(double l) {
        if (l >= 0) {
            return 1.0 / (1.0 + Math.exp(-l));
        }
        double e = Math.exp(l);
        return e / (1.0 + e);
    }

    /**
     * Per-row log-likelihoods into {@code valuesOut}, and, when {@code gradientOut} is not null,
     * {@code weights[r] * d log p(x|l_r) / d l_r = weights[r] * (x - sigmoid(l_r))} into it.
     *
     * @param logits {@code rows x pixels}
     * @param pixels {@code examples x pixels}, values in {0, 1}
     * @param gradientOut {@code rows x pixels}, overwritten; may be the logits' own memory
     */
    public static void evaluate(ElementView logits, ElementView pixels, int rows, int examples,
            int width, double[] valuesOut, double[] weights, ElementView gradientOut) {
        evaluate(logits, pixels, rows, examples, width, valuesOut, weights, gradientOut,
                WorkerPool.SERIAL);
    }

    /** As above, with rows spread over {@code workers}. */
    public static void evaluate(ElementView logits, ElementView pixels, int rows, int examples,
            int width, double[] valuesOut, double[] weights, ElementView gradientOut,
            WorkerPool workers) {
        workers.forRange(rows, 8, (from, to) -> {
            double[] l = KernelScratch.doubles(0, width);
            double[] x = KernelScratch.doubles(1, width);
            double[] exps = KernelScratch.doubles(2, width);
            double[] terms = KernelScratch.doubles(3, width);
            for (int r = from; r < to; r++) {
                logits.copyTo(r * width, l, 0, width);
                pixels.copyTo((r % examples) * width, x, 0, width);
                // One vectorised pass of exp over the row instead of a Math.exp per pixel, which
                // Java 17 does not vectorise: the likelihood's largest cost per pixel.
                for (int j = 0; j < width; j++) {
                    exps[j] = -Math.abs(l[j]);
                }
                ArrayExpLog.exp(exps, 0, width);
                // Elementwise loops with no reduction and no branch, which the JIT vectorises;
                // the sums come after, over independent partial sums and products (a single
                // accumulator would wait a floating-point latency per pixel).
                for (int j = 0; j < width; j++) {
                    terms[j] = x[j] * l[j] - Math.max(l[j], 0);
                }
                double s = PartialSums.sum(terms, 0, width) - logOfOnePlus(exps, width);
                valuesOut[r] = s;
                if (gradientOut != null) {
                    double w = weights == null ? 0 : weights[r];
                    // The select below is on the bits, and C2 (Java 17) vectorises no loop that
                    // moves doubles to long bits and back: whole vectors go through the Vector
                    // API where the JVM has it, the same bits.
                    int done = VECTOR_API
                            ? LikelihoodKernels.gradient(l, x, exps, width, w) : 0;
                    for (int j = done; j < width; j++) {
                        // sigmoid(l) = 1 / (1 + e) for l >= 0 (sign bit clear), e / (1 + e)
                        // otherwise, e = exp(-|l|): the numerator picked by the sign bit
                        // (branch-free; this loop is the tail and the path without the Vector
                        // API, which C2 does not vectorise either way). At l = -0, e = 1 and
                        // both forms give 1/2.
                        long negative = Double.doubleToRawLongBits(l[j]) >> 63;
                        double e = exps[j];
                        double numerator = Double.longBitsToDouble(
                                (Double.doubleToRawLongBits(e) & negative) | (ONE_BITS & ~negative));
                        l[j] = w * (x[j] - numerator / (1.0 + e));
                    }
                    gradientOut.write(r * width, l, 0, width);
                }
            }
        });
    }

    /**
     * {@code sum_j log(1 + e[j])} for {@code j < width}, {@code e[j]} in [0, 1]: as the logarithm
     * of products, one per block of {@link #PRODUCT_BLOCK} factors in [1, 2], which cannot
     * overflow, instead of one logarithm per pixel; each block's product is eight interleaved
     * partial products (independent multiplies), multiplied together. Rounding: below 1e-15
     * relatively per block's product, so below 1e-13 nats per row of a thousand pixels.
     */
    private static double logOfOnePlus(double[] e, int width) {
        double s = 0;
        int j = 0;
        for (; j + PRODUCT_BLOCK <= width; j += PRODUCT_BLOCK) {
            double p0 = 1;
            double p1 = 1;
            double p2 = 1;
            double p3 = 1;
            double p4 = 1;
            double p5 = 1;
            double p6 = 1;
            double p7 = 1;
            for (int k = j; k < j + PRODUCT_BLOCK; k += 8) {
                p0 *= 1 + e[k];
                p1 *= 1 + e[k + 1];
                p2 *= 1 + e[k + 2];
                p3 *= 1 + e[k + 3];
                p4 *= 1 + e[k + 4];
                p5 *= 1 + e[k + 5];
                p6 *= 1 + e[k + 6];
                p7 *= 1 + e[k + 7];
            }
            s += Math.log(((p0 * p1) * (p2 * p3)) * ((p4 * p5) * (p6 * p7)));
        }
        if (j < width) {
            double product = 1;
            for (; j < width; j++) {
                product *= 1 + e[j];
            }
            s += Math.log(product);
        }
        return s;
    }
}

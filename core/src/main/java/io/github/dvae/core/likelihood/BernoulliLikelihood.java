package io.github.dvae.core.likelihood;

import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
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

    /** Factors per logarithm in the softplus sum; a power of two, 2^64 far below overflow. */
    private static final int PRODUCT_BLOCK = 64;

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
            for (int r = from; r < to; r++) {
                logits.copyTo(r * width, l, 0, width);
                pixels.copyTo((r % examples) * width, x, 0, width);
                // One vectorised pass of exp over the row instead of a Math.exp per pixel, which
                // Java 17 does not vectorise: the likelihood's largest cost per pixel.
                for (int j = 0; j < width; j++) {
                    exps[j] = -Math.abs(l[j]);
                }
                ArrayExpLog.exp(exps, 0, width);
                double w = weights == null ? 0 : weights[r];
                double s = 0;
                double product = 1;
                for (int j = 0; j < width; j++) {
                    double e = exps[j];
                    s += x[j] * l[j] - Math.max(l[j], 0);
                    // sum_j log(1 + e_j) as the log of a product: one logarithm per block of
                    // PRODUCT_BLOCK factors in [1, 2], which cannot overflow, instead of one per
                    // pixel (the absolute error stays below 1e-13 nats per row).
                    product *= 1 + e;
                    if ((j & (PRODUCT_BLOCK - 1)) == PRODUCT_BLOCK - 1) {
                        s -= Math.log(product);
                        product = 1;
                    }
                    if (gradientOut != null) {
                        double sig = l[j] >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                        l[j] = w * (x[j] - sig);
                    }
                }
                s -= Math.log(product);
                valuesOut[r] = s;
                if (gradientOut != null) {
                    gradientOut.write(r * width, l, 0, width);
                }
            }
        });
    }
}

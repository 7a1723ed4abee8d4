package io.github.dvae.core.latent;

import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.tensor.ElementView;

/**
 * Exact expectations under a discrete posterior (categorical, or Bernoulli as K = 2) by
 * enumerating all {@code K^N} configurations: {@code E_q[f] = sum_c q(c) f(c)} and
 * {@code d/dl E_q[f] = sum_c f(c) q(c) score(c)} (score {@code onehot(c) - softmax(l)}, or
 * {@code b - sigmoid(l)} for Bernoulli units); through {@link Objective#differentiate} with
 * weights {@code q(c)}, the objective's parameter gradient {@code sum_c q(c) d f(c) / d theta}
 * too. The ground truth that estimators are tested and measured against; for tiny latent spaces
 * only.
 */
public final class CategoricalEnumeration {

    /** Rows per objective call: enough to amortise per-call costs, few enough to bound memory. */
    private static final int ROWS_PER_CALL = 4096;

    private CategoricalEnumeration() {
    }

    /** {@code K^N}, or {@code limit + 1} if it exceeds {@code limit}. */
    public static long configurations(LatentSpec spec, long limit) {
        long c = 1;
        for (int n = 0; n < spec.variables(); n++) {
            c *= spec.classes();
            if (c > limit) {
                return limit + 1;
            }
        }
        return c;
    }

    /**
     * Computes {@code E_q[f_b]} per example into {@code expectedOut} and, if {@code gradientOut}
     * is not null, writes {@code d E_q[f_b] / d l_b} into it ({@code B x N x K}).
     *
     * @param q the posterior, already {@link CategoricalPosterior#update updated} for the batch
     * @param target {@link Objective.Target#PARAMETERS} to accumulate the objective's exact
     *     parameter gradient as well; {@link Objective.Target#INPUT} to leave it untouched
     */
    public static void expectation(DiscretePosterior q, Objective f, Objective.Target target,
            double[] expectedOut, ElementView gradientOut) {
        int batch = q.batch();
        int n = q.variables();
        int k = q.classes();
        long count = configurations(new LatentSpec(n, k, 1), Integer.MAX_VALUE);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(k + "^" + n + " configurations cannot be enumerated");
        }
        int configurations = (int) count;
        java.util.Arrays.fill(expectedOut, 0, batch, 0.0);
        double[] byClass = new double[batch * n * k];
        int perCall = Math.max(1, ROWS_PER_CALL / batch);
        int[] codes = new int[perCall * batch * n];
        double[] weights = new double[perCall * batch];
        for (int first = 0; first < configurations; first += perCall) {
            int block = Math.min(perCall, configurations - first);
            for (int c = 0; c < block; c++) {
                for (int b = 0; b < batch; b++) {
                    int row = c * batch + b;
                    int rest = first + c;
                    for (int v = 0; v < n; v++) {
                        codes[row * n + v] = rest % k;
                        rest /= k;
                    }
                    weights[row] = Math.exp(q.logProbabilityOf(codes, row, b));
                }
            }
            DecoderInput z = q.decoderInput(codes, block * batch);
            double[] values = target.parameters()
                    ? f.differentiate(z, weights, Objective.Target.PARAMETERS).values()
                    : f.values(z);
            for (int c = 0; c < block; c++) {
                for (int b = 0; b < batch; b++) {
                    int row = c * batch + b;
                    double wf = weights[row] * values[row];
                    expectedOut[b] += wf;
                    for (int v = 0; v < n; v++) {
                        byClass[(b * n + v) * k + codes[row * n + v]] += wf;
                    }
                }
            }
        }
        if (gradientOut != null) {
            q.gradientFromClassSums(byClass, expectedOut, gradientOut);
        }
    }
}

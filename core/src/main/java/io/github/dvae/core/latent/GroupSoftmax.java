package io.github.dvae.core.latent;

import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.PartialSums;

/**
 * The forward pass of {@code softmax} over consecutive groups of K entries, in place: what every
 * relaxed sample is ({@code softmax((l + g) / tau)}, REBAR's {@code softmax(z / lambda)});
 * {@link SoftmaxJacobian} is its backward pass. Each group's maximum is subtracted first, so any
 * finite input is stable; the exponentials are one {@link ArrayExpLog#exp} call over the whole
 * range (whole vectors even where K is small), within its relative error bound, which a
 * normalised group keeps (about twice it).
 *
 * <p>The maximum and the sum run over four interleaved partial results ({@link PartialSums} for
 * the sum): a single accumulator waits a compare or add latency per entry. The maximum is exact
 * whatever the order; the sum differs from a sequential one only by rounding. Both orders are
 * fixed by K alone, so results do not depend on threads.
 */
public final class GroupSoftmax {

    private GroupSoftmax() {
    }

    /** Replaces {@code a[from, from + length)} ({@code length} a multiple of K) by its softmax. */
    public static void inPlace(double[] a, int from, int length, int classes) {
        inPlace(a, from, length, classes, null, 0);
    }

    /**
     * Replaces {@code a[from, from + length)} by its softmax as {@link #inPlace(double[], int,
     * int, int)} does, and writes each group's argmax (the first class attaining the group's
     * maximum input, as a scan keeping strictly larger values finds it) to
     * {@code argmax[argmaxFrom + group]}: the hard sample {@code argmax(l + g)} of the
     * straight-through Gumbel-Softmax, from the maximum the softmax needs anyway. No NaN in the
     * input (unchecked).
     */
    public static void inPlace(double[] a, int from, int length, int classes, int[] argmax,
            int argmaxFrom) {
        for (int base = from, group = argmaxFrom; base < from + length; base += classes,
                group++) {
            double max = max(a, base, classes);
            if (argmax != null) {
                int k = 0;
                while (k < classes - 1 && a[base + k] != max) {
                    k++;
                }
                argmax[group] = k;
            }
            for (int k = 0; k < classes; k++) {
                a[base + k] -= max;
            }
        }
        ArrayExpLog.exp(a, from, length);
        for (int base = from; base < from + length; base += classes) {
            double inverse = 1.0 / PartialSums.sum(a, base, classes);
            for (int k = 0; k < classes; k++) {
                a[base + k] *= inverse;
            }
        }
    }

    /** The largest of {@code a[from, from + n)}, {@code n > 0}, over four running maxima. */
    static double max(double[] a, int from, int n) {
        double m0 = Double.NEGATIVE_INFINITY;
        double m1 = m0;
        double m2 = m0;
        double m3 = m0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double x0 = a[from + i];
            double x1 = a[from + i + 1];
            double x2 = a[from + i + 2];
            double x3 = a[from + i + 3];
            m0 = x0 > m0 ? x0 : m0;
            m1 = x1 > m1 ? x1 : m1;
            m2 = x2 > m2 ? x2 : m2;
            m3 = x3 > m3 ? x3 : m3;
        }
        for (; i < n; i++) {
            double x = a[from + i];
            m0 = x > m0 ? x : m0;
        }
        m0 = m1 > m0 ? m1 : m0;
        m2 = m3 > m2 ? m3 : m2;
        return m2 > m0 ? m2 : m0;
    }
}

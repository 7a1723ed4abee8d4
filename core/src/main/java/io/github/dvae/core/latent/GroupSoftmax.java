package io.github.dvae.core.latent;

import io.github.dvae.core.tensor.ArrayExpLog;

/**
 * The forward pass of {@code softmax} over consecutive groups of K entries, in place: what every
 * relaxed sample is ({@code softmax((l + g) / tau)}, REBAR's {@code softmax(z / lambda)});
 * {@link SoftmaxJacobian} is its backward pass. Each group's maximum is subtracted first, so any
 * finite input is stable; the exponentials are one {@link ArrayExpLog#exp} call over the whole
 * range (whole vectors even where K is small), within its relative error bound, which a
 * normalised group keeps (about twice it).
 */
public final class GroupSoftmax {

    private GroupSoftmax() {
    }

    /** Replaces {@code a[from, from + length)} ({@code length} a multiple of K) by its softmax. */
    public static void inPlace(double[] a, int from, int length, int classes) {
        for (int base = from; base < from + length; base += classes) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, a[base + k]);
            }
            for (int k = 0; k < classes; k++) {
                a[base + k] -= max;
            }
        }
        ArrayExpLog.exp(a, from, length);
        for (int base = from; base < from + length; base += classes) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += a[base + k];
            }
            double inverse = 1.0 / sum;
            for (int k = 0; k < classes; k++) {
                a[base + k] *= inverse;
            }
        }
    }
}

package io.github.dvae.core.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ArrayExpLog;
import org.junit.jupiter.api.Test;

class GroupSoftmaxTest {

    /**
     * Groups of K = 1, 3, 256 with entries spread over hundreds of nats (stable where a naive
     * {@code exp} would overflow) against {@code Math.exp}:
     * each probability within three times {@link ArrayExpLog#EXP_RELATIVE_ERROR} (its
     * exponential, the sum's, the division's rounding).
     */
    @Test
    void matchesTheSoftmaxOfMathExp() {
        RandomStream rng = RandomStream.of(41);
        for (int classes : new int[] {1, 3, 256}) {
            int groups = 37;
            double[] a = new double[groups * classes];
            for (int i = 0; i < a.length; i++) {
                a[i] = 800 * (rng.nextDouble() - 0.5) + (i % 5 == 0 ? 2000 : 0);
            }
            double[] softmax = a.clone();
            GroupSoftmax.inPlace(softmax, 0, a.length, classes);
            for (int base = 0; base < a.length; base += classes) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    max = Math.max(max, a[base + k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += Math.exp(a[base + k] - max);
                }
                for (int k = 0; k < classes; k++) {
                    double exact = Math.exp(a[base + k] - max) / sum;
                    assertEquals(exact, softmax[base + k],
                            3 * ArrayExpLog.EXP_RELATIVE_ERROR * exact + Double.MIN_NORMAL,
                            "K " + classes + " entry " + (base + k));
                }
            }
        }
    }

    @Test
    void touchesOnlyItsRange() {
        double[] a = {7, 0, 0, 0, 0, 7};
        GroupSoftmax.inPlace(a, 1, 4, 2);
        assertEquals(7.0, a[0]);
        assertEquals(0.5, a[1], 1e-12);
        assertEquals(0.5, a[4], 1e-12);
        assertEquals(7.0, a[5]);
    }

    /**
     * The argmax written beside the softmax is the first class a strictly-greater scan keeps,
     * with ties (a repeated maximum, signed zeros), infinite entries and K = 1, 3, 5, 256; and the
     * softmax written with it is the one without.
     */
    @Test
    void argmaxIsTheFirstMaximumAndLeavesTheSoftmaxAlone() {
        RandomStream rng = RandomStream.of(42);
        for (int classes : new int[] {1, 3, 5, 256}) {
            int groups = 50;
            double[] a = new double[groups * classes];
            for (int i = 0; i < a.length; i++) {
                // Few distinct values, so maxima repeat within a group.
                a[i] = classes > 3 ? rng.nextInt(6) - 3 : rng.nextGaussian();
            }
            a[0] = -0.0;
            if (classes > 1) {
                a[1] = 0.0;
                a[classes] = Double.NEGATIVE_INFINITY;
                a[classes + 1] = 1e300;
            }
            int[] expected = new int[groups + 3];
            for (int g = 0; g < groups; g++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    if (a[g * classes + k] > max) {
                        max = a[g * classes + k];
                        expected[g + 3] = k;
                    }
                }
            }
            int[] argmax = new int[groups + 3];
            double[] with = a.clone();
            GroupSoftmax.inPlace(with, 0, a.length, classes, argmax, 3);
            double[] without = a.clone();
            GroupSoftmax.inPlace(without, 0, a.length, classes);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, argmax, "K " + classes);
            org.junit.jupiter.api.Assertions.assertArrayEquals(without, with);
        }
    }

    @Test
    void maximumOfEveryLengthAndPosition() {
        for (int n = 1; n <= 13; n++) {
            for (int at = 0; at < n; at++) {
                double[] a = new double[n + 2];
                java.util.Arrays.fill(a, -5);
                a[1 + at] = 4;
                a[0] = 100; // outside the range
                a[n + 1] = 100;
                assertEquals(4.0, GroupSoftmax.max(a, 1, n), "n " + n + " at " + at);
            }
        }
    }
}

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
}

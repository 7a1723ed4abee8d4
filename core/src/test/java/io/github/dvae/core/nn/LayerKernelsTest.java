package io.github.dvae.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerKernels#addBias} gives the bits of {@link DenseLayer}'s scalar loop at every length
 * to 40, with and without ReLU, on sums that are zero of either sign, subnormal, tiny normal,
 * infinite or ordinary.
 */
class LayerKernelsTest {

    private static final float[] AWKWARD = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MIN_NORMAL / 2, 1e-39f, -3e-39f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f};

    @Test
    void vectorAddBiasGivesTheScalarBits() {
        Random random = new Random(3);
        for (int n = 0; n <= 40; n++) {
            for (boolean relu : new boolean[] {false, true}) {
                float[] row = new float[n];
                float[] bias = new float[n];
                for (int j = 0; j < n; j++) {
                    if (random.nextInt(3) == 0) {
                        row[j] = AWKWARD[random.nextInt(AWKWARD.length)];
                        bias[j] = random.nextBoolean() ? 0f : -0f;
                    } else {
                        row[j] = (float) random.nextGaussian();
                        bias[j] = random.nextInt(4) == 0 ? -row[j] : (float) random.nextGaussian();
                    }
                }
                float[] expected = new float[n];
                for (int j = 0; j < n; j++) {
                    expected[j] = relu ? DenseLayer.flushToZero(Math.max(row[j] + bias[j], 0f))
                            : DenseLayer.flushToZero(row[j] + bias[j]);
                }
                float[] got = row.clone();
                int done = LayerKernels.addBias(got, bias, n, relu);
                for (int j = done; j < n; j++) {
                    got[j] = relu ? DenseLayer.flushToZero(Math.max(got[j] + bias[j], 0f))
                            : DenseLayer.flushToZero(got[j] + bias[j]);
                }
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToRawIntBits(expected[j]),
                            Float.floatToRawIntBits(got[j]),
                            "n " + n + " relu " + relu + " element " + j + ": " + row[j] + " + "
                                    + bias[j]);
                }
            }
        }
    }
}

package io.github.dvae.core.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dvae.core.tensor.ArrayExpLog;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LikelihoodKernels#gradient} gives the bits of {@link BernoulliLikelihood}'s scalar loop
 * (the numerator selected on the sign bit) at every length to 40, with logits of either sign,
 * zeros of either sign and saturated ones.
 */
class LikelihoodKernelsTest {

    private static final double[] AWKWARD = {0.0, -0.0, 40.0, -40.0, 800.0, -800.0, 1e-300,
        -1e-300};

    @Test
    void vectorGradientGivesTheScalarBits() {
        Random random = new Random(8);
        for (int width = 0; width <= 40; width++) {
            double[] l = new double[width];
            double[] x = new double[width];
            for (int j = 0; j < width; j++) {
                l[j] = random.nextInt(3) == 0 ? AWKWARD[random.nextInt(AWKWARD.length)]
                        : 4 * random.nextGaussian();
                x[j] = random.nextInt(2);
            }
            double[] e = new double[width];
            for (int j = 0; j < width; j++) {
                e[j] = -Math.abs(l[j]);
            }
            ArrayExpLog.exp(e, 0, width);
            double w = random.nextGaussian();
            double[] expected = new double[width];
            for (int j = 0; j < width; j++) {
                long negative = Double.doubleToRawLongBits(l[j]) >> 63;
                double numerator = Double.longBitsToDouble(
                        (Double.doubleToRawLongBits(e[j]) & negative)
                                | (Double.doubleToRawLongBits(1.0) & ~negative));
                expected[j] = w * (x[j] - numerator / (1.0 + e[j]));
            }
            double[] got = l.clone();
            int done = LikelihoodKernels.gradient(got, x, e, width, w);
            for (int j = 0; j < done; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[j]),
                        Double.doubleToRawLongBits(got[j]),
                        "width " + width + " element " + j + " at logit " + l[j]);
            }
        }
    }
}

package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ElementViewTest {

    /** The contract the branch-free flush must keep, bit for bit (sign of zero included). */
    private static float reference(double d) {
        float f = (float) d;
        return Math.abs(f) < Float.MIN_NORMAL ? 0f : f;
    }

    @Test
    void writingDoublesToFloatsRoundsAndFlushesSubnormalsToPositiveZero() {
        double[] special = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), -Math.nextDown(Float.MIN_NORMAL),
            Math.nextDown((double) Float.MIN_NORMAL), Math.nextUp((double) Float.MIN_NORMAL),
            Double.MIN_VALUE, 1e-300, -1e-300, 1.0, -2.5, Float.MAX_VALUE, 1e300, -1e300,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        Random rng = new Random(7);
        double[] values = new double[special.length + 5000];
        System.arraycopy(special, 0, values, 0, special.length);
        for (int i = special.length; i < values.length; i++) {
            // Magnitudes from 1e-50 to 1e10, both signs: across the subnormal boundary.
            values[i] = (rng.nextBoolean() ? 1 : -1) * Math.pow(10, -50 + 60 * rng.nextDouble());
        }
        INDArray a = Nd4j.create(DataType.FLOAT, values.length);
        ElementView view = ElementView.of(a);
        view.write(0, values, 0, values.length);
        float[] written = new float[values.length];
        view.copyTo(0, written, 0, values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(reference(values[i])),
                    Float.floatToRawIntBits(written[i]), "value " + values[i]);
        }
    }
}

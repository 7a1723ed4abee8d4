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

    /**
     * Whole vectors and scalar tails ({@link VectorConversion} where the JVM has the Vector API,
     * as this module's tests run) at every length up to 40 and unaligned offsets on both sides,
     * and across the 4,096-element chunk: the same bits as the element-by-element definition.
     */
    @Test
    void rangesAtAnyOffsetAndLengthConvertAsTheScalarDefinition() {
        Random rng = new Random(11);
        int size = 9000;
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = (rng.nextBoolean() ? 1 : -1) * Math.pow(10, -50 + 60 * rng.nextDouble());
        }
        values[3] = -0.0;
        values[17] = Double.NaN;
        values[29] = Float.MIN_VALUE;
        int[] lengths = new int[45];
        for (int n = 0; n <= 40; n++) {
            lengths[n] = n;
        }
        lengths[41] = 4095;
        lengths[42] = 4097;
        lengths[43] = 8200;
        lengths[44] = 4096 + 13;
        for (int n : lengths) {
            for (int offset : new int[] {0, 1, 5, 8, 13}) {
                INDArray a = Nd4j.zeros(DataType.FLOAT, size);
                ElementView view = ElementView.of(a);
                int to = (offset * 7) % 11;
                view.write(to, values, offset, n);
                float[] written = new float[size];
                view.copyTo(0, written, 0, size);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToRawIntBits(reference(values[offset + i])),
                            Float.floatToRawIntBits(written[to + i]),
                            "write n=" + n + " offset=" + offset + " i=" + i);
                }
                double[] widened = new double[size];
                view.copyTo(to, widened, offset, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(written[to + i]),
                            Double.doubleToRawLongBits(widened[offset + i]),
                            "copyTo n=" + n + " offset=" + offset + " i=" + i);
                }
            }
        }
    }
}

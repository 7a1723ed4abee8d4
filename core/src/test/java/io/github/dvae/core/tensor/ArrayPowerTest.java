package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** Both paths of {@link ArrayPower}; core's tests run with the Vector API module added. */
class ArrayPowerTest {

    @Test
    void theVectorPathIsTheOneUnderTest() {
        assertTrue(ArrayPower.vectorised(), "core's surefire argLine adds jdk.incubator.vector");
    }

    /**
     * {@code (1 + r)^a} for r from 1e-20 to 1e280 and at infinity, over a length that is not a
     * multiple of the vector length (so the tail is scalar), against {@code Math.pow}: both
     * paths within {@code |a| 2e-13 + 2e-13}.
     */
    @Test
    void bothPathsMatchMathPow() {
        RandomStream rng = RandomStream.of(21);
        int n = 1003;
        for (double a : new double[] {-0.1, -0.5, -1 / 0.7, -1.1, -3, -20, 0.3, 2.5}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 1 + rng.nextExponential() * Math.pow(10, (a < 0 ? 300 : 200) * rng.nextDouble() - 20);
            }
            x[n - 1] = Double.POSITIVE_INFINITY;
            x[0] = a < 0 ? Double.POSITIVE_INFINITY : 1.0;
            double[] vector = x.clone();
            double[] scalar = x.clone();
            ArrayPower.power(vector, 0, n, a);
            ArrayPower.scalar(scalar, 0, n, a);
            double bound = Math.abs(a) * 2e-13 + 2e-13;
            for (int i = 0; i < n; i++) {
                // The vector path repeats the scalar one's operations: the same bits.
                assertEquals(Double.doubleToRawLongBits(scalar[i]),
                        Double.doubleToRawLongBits(vector[i]), x[i] + "^" + a);
                double exact = Math.pow(x[i], a);
                if (exact < Double.MIN_NORMAL * 1e16) {
                    assertTrue(vector[i] <= 1e-290 && scalar[i] <= 1e-290, x[i] + "^" + a);
                    continue;
                }
                assertEquals(exact, vector[i], exact * bound, "vector " + x[i] + "^" + a);
                assertEquals(exact, scalar[i], exact * bound, "scalar " + x[i] + "^" + a);
            }
        }
    }

    @Test
    void touchesOnlyItsRange() {
        double[] x = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        ArrayPower.power(x, 3, 16, 2.0);
        assertEquals(2.0, x[2]);
        assertEquals(4.0, x[3], 4 * (2 * 2e-13 + 2e-13)); // the documented bound
        assertEquals(4.0, x[18], 4 * (2 * 2e-13 + 2e-13));
        assertEquals(2.0, x[19]);
    }
}

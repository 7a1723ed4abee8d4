package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/** Both paths of {@link ArrayExpLog} against {@code Math}; core's tests add the Vector API. */
class ArrayExpLogTest {

    private static final int N = 100_003;

    @Test
    void theVectorPathIsTheOneUnderTest() {
        assertTrue(ArrayExpLog.vectorised(), "core's surefire argLine adds jdk.incubator.vector");
    }

    /**
     * Arguments over the whole contract ([-708, 709], the ends included, and -inf), over a
     * length that is not a multiple of the vector length: both paths within
     * {@link ArrayExpLog#EXP_RELATIVE_ERROR}; the scalar path's worst error is reported.
     */
    @Test
    void expMatchesMathExpWithinItsBound() {
        RandomStream rng = RandomStream.of(31);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            // Half near the softmax's range, half over the whole contract.
            x[i] = i % 2 == 0 ? -40 * rng.nextDouble() : -708 + 1417 * rng.nextDouble();
        }
        x[1] = -708;
        x[3] = 709;
        x[5] = 0;
        double[] vector = x.clone();
        double[] scalar = x.clone();
        ArrayExpLog.exp(vector, 0, N);
        ArrayExpLog.scalarExp(scalar, 0, N);
        double worst = 0;
        for (int i = 0; i < N; i++) {
            double exact = Math.exp(x[i]);
            assertEquals(exact, vector[i], exact * ArrayExpLog.EXP_RELATIVE_ERROR, "vector e^" + x[i]);
            assertEquals(exact, scalar[i], exact * ArrayExpLog.EXP_RELATIVE_ERROR, "scalar e^" + x[i]);
            worst = Math.max(worst, Math.abs(scalar[i] - exact) / exact);
        }
        System.out.printf("ArrayExpLog.exp scalar path: worst relative error %.2g%n", worst);
        double[] infinite = {Double.NEGATIVE_INFINITY, -800, -1e300};
        ArrayExpLog.scalarExp(infinite, 0, 3);
        assertEquals(0.0, infinite[0]);
        assertEquals(0.0, infinite[1]);
        assertEquals(0.0, infinite[2]);
    }

    /**
     * Positive normal arguments from the smallest normal double to the largest, and +inf: both
     * paths within {@link ArrayExpLog#LOG_ABSOLUTE_ERROR} of {@code Math.log}.
     */
    @Test
    void logMatchesMathLogWithinItsBound() {
        RandomStream rng = RandomStream.of(32);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            // Exponentials (the Gumbel noise's arguments), and then every binade.
            x[i] = i % 2 == 0 ? Math.max(rng.nextExponential(), Double.MIN_NORMAL)
                    : (1 + rng.nextDouble()) * Math.pow(2, -1022 + rng.nextInt(2046));
        }
        x[1] = Double.MIN_NORMAL;
        x[3] = Double.MAX_VALUE;
        x[5] = 1.0;
        x[N - 1] = Double.POSITIVE_INFINITY;
        double[] vector = x.clone();
        double[] scalar = x.clone();
        ArrayExpLog.log(vector, 0, N);
        ArrayExpLog.scalarLog(scalar, 0, N);
        double worst = 0;
        for (int i = 0; i < N - 1; i++) {
            double exact = Math.log(x[i]);
            assertEquals(exact, vector[i], ArrayExpLog.LOG_ABSOLUTE_ERROR, "vector log " + x[i]);
            assertEquals(exact, scalar[i], ArrayExpLog.LOG_ABSOLUTE_ERROR, "scalar log " + x[i]);
            worst = Math.max(worst, Math.abs(scalar[i] - exact));
        }
        System.out.printf("ArrayExpLog.log scalar path: worst absolute error %.2g%n", worst);
        assertEquals(Double.POSITIVE_INFINITY, vector[N - 1]);
        assertEquals(Double.POSITIVE_INFINITY, scalar[N - 1]);
    }

    @Test
    void touchesOnlyItsRange() {
        double[] x = new double[20];
        java.util.Arrays.fill(x, 1.0);
        ArrayExpLog.exp(x, 3, 16);
        assertEquals(1.0, x[2]);
        assertEquals(Math.E, x[3], 1e-12);
        assertEquals(Math.E, x[18], 1e-12);
        assertEquals(1.0, x[19]);
        ArrayExpLog.log(x, 3, 16);
        assertEquals(1.0, x[2]);
        assertEquals(1.0, x[10], 1e-9);
        assertEquals(1.0, x[19]);
    }
}

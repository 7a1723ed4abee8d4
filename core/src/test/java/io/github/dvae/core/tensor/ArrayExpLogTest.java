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

    /**
     * The vector path computes the scalar path's operations lane by lane: the same bits, on
     * the first (interpreted) call and after the JIT has compiled the loop, so a run's numbers
     * depend neither on the flag nor on when the JIT compiled.
     */
    @Test
    void theVectorPathGivesTheScalarPathsBitsColdAndWarm() {
        RandomStream rng = RandomStream.of(33);
        double[] e = new double[4099];
        double[] l = new double[4099];
        for (int i = 0; i < e.length; i++) {
            e[i] = i % 3 == 0 ? -40 * rng.nextDouble() : -708 + 1417 * rng.nextDouble();
            l[i] = i % 2 == 0 ? Math.max(rng.nextExponential(), Double.MIN_NORMAL)
                    : (1 + rng.nextDouble()) * Math.pow(2, -1022 + rng.nextInt(2046));
        }
        e[0] = Double.NEGATIVE_INFINITY;
        e[1] = -708;
        e[2] = 709;
        e[4] = -1e300;
        e[5] = 0;
        l[0] = Double.POSITIVE_INFINITY;
        l[1] = Double.MIN_NORMAL;
        l[2] = Double.MAX_VALUE;
        l[3] = 1.0;
        double[] scalarE = e.clone();
        double[] scalarL = l.clone();
        ArrayExpLog.scalarExp(scalarE, 0, e.length);
        ArrayExpLog.scalarLog(scalarL, 0, l.length);
        for (int round = 0; round < 2_000; round++) {
            double[] vectorE = e.clone();
            double[] vectorL = l.clone();
            ArrayExpLog.exp(vectorE, 0, e.length);
            ArrayExpLog.log(vectorL, 0, l.length);
            if (round == 0 || round == 1_999) {
                for (int i = 0; i < e.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(scalarE[i]),
                            Double.doubleToRawLongBits(vectorE[i]), "round " + round + " e^" + e[i]);
                    assertEquals(Double.doubleToRawLongBits(scalarL[i]),
                            Double.doubleToRawLongBits(vectorL[i]), "round " + round + " log " + l[i]);
                }
            }
        }
    }

    @Test
    void touchesOnlyItsRange() {
        double[] x = new double[20];
        java.util.Arrays.fill(x, 1.0);
        ArrayExpLog.exp(x, 3, 16);
        assertEquals(1.0, x[2]);
        assertEquals(Math.E, x[3], Math.E * ArrayExpLog.EXP_RELATIVE_ERROR);
        assertEquals(Math.E, x[18], Math.E * ArrayExpLog.EXP_RELATIVE_ERROR);
        assertEquals(1.0, x[19]);
        ArrayExpLog.log(x, 3, 16);
        assertEquals(1.0, x[2]);
        assertEquals(1.0, x[10], 1e-9); // ln e^1 within both bounds
        assertEquals(1.0, x[19]);
    }
}

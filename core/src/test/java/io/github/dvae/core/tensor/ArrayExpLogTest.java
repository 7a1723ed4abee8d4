package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
     * Arguments of {@link #theVectorPathGivesTheScalarPathsBitsColdAndWarm}: random over both
     * contracts, and the cut-offs and the splits of the reductions (-inf, exp's ends, log's
     * binade split at sqrt(2) and its neighbours).
     */
    static double[][] identityInputs(int n) {
        RandomStream rng = RandomStream.of(33);
        double[] e = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = i % 3 == 0 ? -40 * rng.nextDouble() : -708 + 1417 * rng.nextDouble();
            l[i] = i % 2 == 0 ? Math.max(rng.nextExponential(), Double.MIN_NORMAL)
                    : (1 + rng.nextDouble()) * Math.pow(2, -1022 + rng.nextInt(2046));
        }
        double[] specialE = {Double.NEGATIVE_INFINITY, -708, 709, -1e300, 0, -0.0,
            FloatExpLog.EXP_LOWER, Math.nextDown(FloatExpLog.EXP_LOWER), FloatExpLog.EXP_UPPER,
            Math.nextUp(FloatExpLog.EXP_UPPER), 709.5, Math.log(2) / 2, -Math.log(2) / 2};
        double sqrtHalf = Double.longBitsToDouble(FloatExpLog.SQRT_HALF_BITS);
        double[] specialL = {Double.POSITIVE_INFINITY, Double.MIN_NORMAL, Double.MAX_VALUE, 1.0,
            Math.nextDown(1.0), Math.nextUp(1.0), sqrtHalf, Math.nextDown(sqrtHalf),
            Math.nextUp(sqrtHalf), Math.sqrt(2), Math.nextDown(Math.sqrt(2)),
            Math.nextUp(Math.sqrt(2)), 2.0};
        // Spread over the vectors' lanes and the tail.
        for (int k = 0; k < specialE.length; k++) {
            e[k * 7 % n] = specialE[k];
            e[n - 1 - k] = specialE[k];
        }
        for (int k = 0; k < specialL.length; k++) {
            l[k * 5 % n] = specialL[k];
            l[n - 1 - k] = specialL[k];
        }
        return new double[][] {e, l};
    }

    /**
     * The vector path computes the scalar path's operations lane by lane: the same bits, on
     * the first call and after the JIT has compiled the loop, so a run's numbers depend neither
     * on the flag nor on when the JIT compiled (a fresh JVM's first calls:
     * {@link #freshInterpretedAndC1JvmsGiveTheSameBits}).
     */
    @Test
    void theVectorPathGivesTheScalarPathsBitsColdAndWarm() {
        double[][] inputs = identityInputs(4099);
        double[] e = inputs[0];
        double[] l = inputs[1];
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

    /**
     * The Vector API's Java fallbacks (what runs before C2 compiles the loop) in fresh JVMs,
     * interpreted only and C1 only, give this JVM's scalar path's bits for exp, log and power;
     * the scalar path there too.
     */
    @Test
    void freshInterpretedAndC1JvmsGiveTheSameBits() throws Exception {
        String expected = Digest.of(false);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String mode : new String[] {"-Xint", "-XX:TieredStopAtLevel=1"}) {
            Process child = new ProcessBuilder(java, mode, "--add-modules", "jdk.incubator.vector",
                    "-cp", System.getProperty("java.class.path"), Digest.class.getName())
                    .redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), out);
            assertTrue(out.contains("vector " + expected), mode + ": " + out);
            assertTrue(out.contains("scalar " + expected), mode + ": " + out);
        }
    }

    /** A digest of exp's, log's and power's bits over {@link #identityInputs}, either path. */
    static final class Digest {

        static String of(boolean vector) {
            double[][] inputs = identityInputs(1031);
            double[] e = inputs[0].clone();
            double[] l = inputs[1].clone();
            double[] p = inputs[1].clone();
            if (vector) {
                ArrayExpLog.exp(e, 0, e.length);
                ArrayExpLog.log(l, 0, l.length);
                ArrayPower.power(p, 0, p.length, -1 / 0.7);
            } else {
                ArrayExpLog.scalarExp(e, 0, e.length);
                ArrayExpLog.scalarLog(l, 0, l.length);
                ArrayPower.scalar(p, 0, p.length, -1 / 0.7);
            }
            long h = 1;
            for (double[] a : new double[][] {e, l, p}) {
                for (double v : a) {
                    h = h * 0x9E37_79B9_7F4A_7C15L + Double.doubleToRawLongBits(v);
                }
            }
            return Long.toHexString(h);
        }

        public static void main(String[] args) {
            if (!ArrayExpLog.vectorised()) {
                throw new IllegalStateException("the child JVM lacks jdk.incubator.vector");
            }
            System.out.println("vector " + of(true));
            System.out.println("scalar " + of(false));
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

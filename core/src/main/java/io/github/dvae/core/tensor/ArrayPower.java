package io.github.dvae.core.tensor;

/**
 * {@code x[i] <- x[i]^a} over a range of an array, for relaxed weights such as Gumbel-Rao's
 * {@code (1 + r)^(-1/tau)}: the elementwise transcendental work that dominates relaxed
 * estimators where the exponent is not whole.
 *
 * <p>Two implementations, the same contract: where the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (checked once, at class load), whole vectors go
 * through the Vector API's lanewise {@code LOG} and {@code EXP}, which HotSpot compiles to its
 * vector math library on x86 (measured 1.3 ns per element against 15 for
 * {@code Math.exp(a * Math.log(x))} on AMD EPYC with AVX-512, 8 lanes; their accuracy is
 * {@code Math}'s); otherwise, and for the tail, {@link FloatExpLog}'s table-reduced
 * {@code exp2(a log2 x)} (6 to 8 ns; relative error within {@code |a| 1.4e-10 + 1e-11}). The
 * jar runs without the flag (the project's own JVMs add it, see {@link VectorApiHint}); the two
 * agree far inside float precision. Without a vector math library (not x86) the Vector API's
 * transcendentals are slow: leave the flag off there.
 */
public final class ArrayPower {

    private ArrayPower() {
    }

    /** Whether {@link #power} uses the Vector API in this JVM. */
    public static boolean vectorised() {
        return ArrayExpLog.vectorised();
    }

    /**
     * Replaces {@code x[from, from + length)} by its powers {@code x^a}; {@code x} positive
     * normal or {@code +inf} (then 0 for {@code a < 0}), {@code a} finite and non-zero, results
     * within the double range (unchecked: a hot path).
     */
    public static void power(double[] x, int from, int length, double a) {
        int done = ArrayExpLog.vectorised() ? VectorExpLog.power(x, from, length, a) : 0;
        scalar(x, from + done, length - done, a);
    }

    /** The fallback, {@link FloatExpLog}'s {@code exp2(a log2 x)}, element by element. */
    static void scalar(double[] x, int from, int length, double a) {
        for (int i = from; i < from + length; i++) {
            x[i] = FloatExpLog.exp2(a * FloatExpLog.log2(x[i]));
        }
    }
}

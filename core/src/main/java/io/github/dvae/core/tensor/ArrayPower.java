package io.github.dvae.core.tensor;

/**
 * {@code x[i] <- x[i]^a} over a range of an array, for relaxed weights such as Gumbel-Rao's
 * {@code (1 + r)^(-1/tau)}: the elementwise transcendental work that dominates relaxed
 * estimators where the exponent is not whole.
 *
 * <p>{@link FloatExpLog}'s {@code exp(a ln x)} (relative error within {@code |a| 2e-13 + 2e-13}
 * for results in the normal range; about 9 ns an element on one thread scalar, 0.8 through the
 * Vector API, against 15 for {@code Math.exp(a * Math.log(x))}), whole vectors through the
 * Vector API where the JVM was started with {@code --add-modules jdk.incubator.vector}: the same
 * operations lane by lane, so the same bits (see {@link ArrayExpLog}); the project's own JVMs
 * add the flag ({@link VectorApiHint}).
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

    /** The fallback, {@link FloatExpLog}'s {@code exp(a ln x)}, element by element. */
    static void scalar(double[] x, int from, int length, double a) {
        for (int i = from; i < from + length; i++) {
            x[i] = FloatExpLog.exp(a * FloatExpLog.log(x[i]));
        }
    }
}

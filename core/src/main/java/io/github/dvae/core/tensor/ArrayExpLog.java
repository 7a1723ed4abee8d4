package io.github.dvae.core.tensor;

/**
 * {@code e^x} and {@code ln x} in place over a range of an array: the transcendental work of the
 * relaxed estimators (Gumbel noise {@code -ln E}, softmax numerators, REBAR's conditional noise),
 * which Java 17 does not vectorise when written as {@code Math.exp}/{@code Math.log} loops.
 *
 * <p>One computation, two speeds: {@link FloatExpLog}'s table-free polynomials, branch-free and
 * within these bounds (tested against {@code Math}):
 * <ul>
 *   <li>{@link #exp}: relative error below {@value #EXP_RELATIVE_ERROR} for {@code x} in
 *       {@code [-708, 709]}; 0 below about -708.4 where {@code Math.exp} is subnormal;
 *   <li>{@link #log}: absolute error below {@value #LOG_ABSOLUTE_ERROR} on positive normal
 *       doubles.
 * </ul>
 * Where the JVM was started with {@code --add-modules jdk.incubator.vector} (checked once, at
 * class load), whole vectors go through the Vector API, the same operations lane by lane, about
 * 0.4 ns an element against 2.5 to 2.8 for the scalar loop (one thread, AMD EPYC, once C2 has
 * compiled the loop); the tail runs the scalar loop. Both
 * give the same bits (tested), so results depend neither on the flag, nor on the JIT (the
 * Vector API's own {@code EXP}/{@code LOG} would: compiled and interpreted they differ in the
 * last bit), nor on the number of threads. Off x86 the Vector API's speed here is not measured.
 */
public final class ArrayExpLog {

    /** Bound on {@link #exp}'s relative error (either path). */
    public static final double EXP_RELATIVE_ERROR = FloatExpLog.EXP_RELATIVE_ERROR;
    /** Bound on {@link #log}'s absolute error (either path). */
    public static final double LOG_ABSOLUTE_ERROR = FloatExpLog.LOG_ABSOLUTE_ERROR;

    private static final boolean VECTOR_API =
            VectorModule.PRESENT;

    private ArrayExpLog() {
    }

    /** Whether whole vectors go through the Vector API in this JVM. */
    public static boolean vectorised() {
        return VECTOR_API;
    }

    /**
     * Replaces {@code x[from, from + length)} by {@code e^x}; {@code x} at most 709 or
     * {@code -inf} (then 0); NaN is outside the contract (unchecked: a hot path).
     */
    public static void exp(double[] x, int from, int length) {
        int done = VECTOR_API ? VectorExpLog.exp(x, from, length) : 0;
        scalarExp(x, from + done, length - done);
    }

    /**
     * Replaces {@code x[from, from + length)} by {@code ln x}; {@code x} positive normal or
     * {@code +inf}; zero, subnormals, negatives and NaN are outside the contract (unchecked).
     */
    public static void log(double[] x, int from, int length) {
        int done = VECTOR_API ? VectorExpLog.log(x, from, length) : 0;
        scalarLog(x, from + done, length - done);
    }

    /** The fallback path of {@link #exp}. */
    static void scalarExp(double[] x, int from, int length) {
        for (int i = from; i < from + length; i++) {
            x[i] = FloatExpLog.exp(x[i]);
        }
    }

    /** The fallback path of {@link #log}. */
    static void scalarLog(double[] x, int from, int length) {
        for (int i = from; i < from + length; i++) {
            x[i] = FloatExpLog.log(x[i]);
        }
    }
}

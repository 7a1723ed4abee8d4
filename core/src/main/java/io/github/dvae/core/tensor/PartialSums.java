package io.github.dvae.core.tensor;

/**
 * Sums and dot products for per-example kernels (REBAR, RELAX, the conditional Gumbel), over four interleaved partial sums: the JIT keeps a
 * floating-point sum in program order, so a single accumulator waits an add latency per entry
 * (one-thread CPU time on the shared machine did not separate the two forms clearly; the
 * independent partial sums at least do not wait on each other). The order of the additions is
 * fixed by the length alone, so results do not depend on threads; they differ from a sequential
 * sum only by rounding.
 */
public final class PartialSums {

    private PartialSums() {
    }

    /** {@code sum_i a[aFrom + i] b[bFrom + i]} for {@code i < n}. */
    public static double dot(double[] a, int aFrom, double[] b, int bFrom, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aFrom + i] * b[bFrom + i];
            s1 += a[aFrom + i + 1] * b[bFrom + i + 1];
            s2 += a[aFrom + i + 2] * b[bFrom + i + 2];
            s3 += a[aFrom + i + 3] * b[bFrom + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aFrom + i] * b[bFrom + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum_i a[aFrom + i]} for {@code i < n}. */
    public static double sum(double[] a, int aFrom, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aFrom + i];
            s1 += a[aFrom + i + 1];
            s2 += a[aFrom + i + 2];
            s3 += a[aFrom + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aFrom + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}

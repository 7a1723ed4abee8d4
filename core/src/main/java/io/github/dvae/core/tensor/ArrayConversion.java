package io.github.dvae.core.tensor;

/**
 * Float to double conversion of heap arrays, for kernels that keep a float copy of their input
 * (to compare it with the next call's) and compute in double. Whole vectors go through
 * {@link VectorConversion} where the JVM has the Vector API with 512-bit double vectors (C2 on
 * JDK 17 does not vectorise a conversion loop), the rest element by element; widening is exact,
 * so the values are the same either way.
 */
public final class ArrayConversion {

    private ArrayConversion() {
    }

    /** {@code out[outFrom + i] = in[inFrom + i]} for {@code i < n}. */
    public static void widen(float[] in, int inFrom, double[] out, int outFrom, int n) {
        int done = ElementView.VECTOR_CONVERSION
                ? VectorConversion.widen(in, inFrom, out, outFrom, n) : 0;
        for (int i = done; i < n; i++) {
            out[outFrom + i] = in[inFrom + i];
        }
    }
}

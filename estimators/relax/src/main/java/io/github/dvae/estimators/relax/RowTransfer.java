package io.github.dvae.estimators.relax;

import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Reads and writes ranges of an {@link ElementView} as doubles, as its own {@code copyTo} and
 * {@code write} do (the same values: widening is exact; narrowing rounds to nearest and flushes
 * zero and subnormal floats to +0), but for float arrays through a plain memory copy and a
 * conversion loop of eight lanes on the Vector API where {@link CategoricalKernel#VECTOR}: Java 17
 * does not vectorise a float-double conversion loop, and in RELAX's kernel those loops cost
 * about as much as the arithmetic. Double arrays are plain copies either way.
 *
 * <p>The float buffer is a per-thread cache of this class (contents unspecified between calls),
 * so that the per-example kernels allocate nothing.
 */
final class RowTransfer {

    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);

    private RowTransfer() {
    }

    /** Whether {@code view} holds floats (then {@link #read} and {@link #write} convert). */
    static boolean floats(ElementView view) {
        return view.array().dataType() == DataType.FLOAT;
    }

    /** {@code out[outFrom + i] = view[from + i]} for {@code i < n}. */
    static void read(ElementView view, int from, double[] out, int outFrom, int n) {
        if (!floats(view)) {
            view.copyTo(from, out, outFrom, n);
            return;
        }
        float[] buffer = buffer(n);
        view.copyTo(from, buffer, 0, n);
        int done = CategoricalKernel.VECTOR ? VectorKernels.widen(buffer, 0, out, outFrom, n) : 0;
        for (int i = done; i < n; i++) {
            out[outFrom + i] = buffer[i];
        }
    }

    /** {@code view[to + i] = in[inFrom + i]} for {@code i < n}, as {@code ElementView.write}. */
    static void write(ElementView view, int to, double[] in, int inFrom, int n) {
        if (!floats(view)) {
            view.write(to, in, inFrom, n);
            return;
        }
        float[] buffer = buffer(n);
        int done = CategoricalKernel.VECTOR ? VectorKernels.narrow(in, inFrom, buffer, 0, n) : 0;
        narrowScalar(in, inFrom + done, buffer, done, n - done);
        view.write(to, buffer, 0, n);
    }

    /** The scalar narrowing of {@link #write} (the Vector API path's tail and fallback). */
    static void narrowScalar(double[] in, int inFrom, float[] out, int outFrom, int n) {
        for (int i = 0; i < n; i++) {
            float f = (float) in[inFrom + i];
            out[outFrom + i] = Math.abs(f) < Float.MIN_NORMAL ? 0f : f;
        }
    }

    private static float[] buffer(int n) {
        float[] b = FLOATS.get();
        if (b.length < n) {
            b = new float[n];
            FLOATS.set(b);
        }
        return b;
    }
}

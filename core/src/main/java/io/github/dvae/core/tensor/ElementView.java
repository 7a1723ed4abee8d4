package io.github.dvae.core.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct access to the elements of a contiguous, c-ordered {@link INDArray}, in row-major order,
 * for elementwise work written as plain Java loops.
 *
 * <p>Why: every ND4J op costs tens of microseconds whatever its size, and its elementwise
 * transforms are slower than a Java loop over the same memory. Matrix products stay in ND4J
 * (BLAS); softmax, sampling, likelihoods and their gradients run over these views, fused into one
 * pass where they can be. A view reads and writes the array's own off-heap memory: no copy.
 *
 * <p>Values pass as {@code double} whatever the array's type, so one loop serves float arrays
 * (training) and double arrays (finite-difference checks). Writing doubles into a float array
 * flushes subnormal results to zero, as GPUs do by default. A view is cheap; keep it beside the
 * array it views and reuse it.
 */
public abstract sealed class ElementView permits ElementView.Floats, ElementView.Doubles {

    /**
     * Float-double conversions by whole vectors ({@link VectorConversion}) where the JVM has
     * the Vector API with 512-bit double vectors; the same values as the loops either way.
     */
    static final boolean VECTOR_CONVERSION = VectorModule.PRESENT && VectorConversion.usable();

    /** Per-thread staging for float transfers: a cache, not state; any content is overwritten. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4096]);

    private final int length;

    /**
     * The viewed array: held so that its off-heap memory, which ND4J frees when the array is
     * garbage collected, lives as long as the view.
     */
    private final INDArray owner;

    private ElementView(int length, INDArray owner) {
        this.length = length;
        this.owner = owner;
    }

    /** The array this view reads and writes. */
    public final INDArray array() {
        return owner;
    }

    /**
     * A view of {@code array}.
     *
     * @throws IllegalArgumentException if the array is not FLOAT or DOUBLE, not c-ordered, or a
     *     non-contiguous view of another array
     */
    public static ElementView of(INDArray array) {
        if (array.ordering() != 'c' || array.elementWiseStride() != 1 && array.length() > 1) {
            throw new IllegalArgumentException("element views need a contiguous c-order array, got "
                    + array.shapeInfoToString());
        }
        long offset = array.offset();
        int length = Math.toIntExact(array.length());
        DataType type = array.dataType();
        if (type == DataType.FLOAT) {
            FloatBuffer whole = array.data().asNioFloat();
            return new Floats(whole.position((int) offset).slice(), length, array);
        }
        if (type == DataType.DOUBLE) {
            DoubleBuffer whole = array.data().asNioDouble();
            return new Doubles(whole.position((int) offset).slice(), length, array);
        }
        throw new IllegalArgumentException("element views support FLOAT and DOUBLE, got " + type);
    }

    /** Number of elements. */
    public final int length() {
        return length;
    }

    /** Element {@code i} in row-major order. */
    public abstract double get(int i);

    /** Sets element {@code i}. */
    public abstract void set(int i, double value);

    /** Adds {@code value} to element {@code i}. */
    public abstract void add(int i, double value);

    /** Sets every element to {@code value}. */
    public void fill(double value) {
        float[] chunk = new float[Math.min(length, 16384)];
        java.util.Arrays.fill(chunk, (float) value);
        if ((float) value != value) {
            double[] exact = new double[chunk.length];
            java.util.Arrays.fill(exact, value);
            for (int done = 0; done < length; done += exact.length) {
                write(done, exact, 0, Math.min(exact.length, length - done));
            }
            return;
        }
        for (int done = 0; done < length; done += chunk.length) {
            write(done, chunk, 0, Math.min(chunk.length, length - done));
        }
    }

    /**
     * Copies {@code count} elements starting at {@code from} into {@code out} from
     * {@code outFrom}: a bulk copy (and widening), much faster than element by element. Kernels
     * read a row or chunk this way, compute over heap arrays (which the JIT vectorises), and
     * {@link #write} the result back.
     */
    public abstract void copyTo(int from, double[] out, int outFrom, int count);

    /** Copies {@code count} values of {@code in} from {@code inFrom} into elements from {@code to}. */
    public abstract void write(int to, double[] in, int inFrom, int count);

    /**
     * As {@link #copyTo(int, double[], int, int)} into floats: a plain memory copy for a float
     * array, for kernels whose arithmetic is float anyway (Adam).
     */
    public abstract void copyTo(int from, float[] out, int outFrom, int count);

    /** As {@link #write(int, double[], int, int)} from floats. */
    public abstract void write(int to, float[] in, int inFrom, int count);

    /** Copies every element into a new double array. */
    public double[] toDoubleArray() {
        double[] out = new double[length];
        copyTo(0, out, 0, length);
        return out;
    }

    static final class Floats extends ElementView {
        private final FloatBuffer buffer;

        Floats(FloatBuffer buffer, int length, INDArray owner) {
            super(length, owner);
            this.buffer = buffer;
        }

        @Override
        public double get(int i) {
            return buffer.get(i);
        }

        @Override
        public void set(int i, double value) {
            buffer.put(i, (float) value);
        }

        @Override
        public void add(int i, double value) {
            buffer.put(i, (float) (buffer.get(i) + value));
        }

        @Override
        public void copyTo(int from, double[] out, int outFrom, int count) {
            float[] chunk = SCRATCH.get();
            for (int done = 0; done < count; done += chunk.length) {
                int n = Math.min(chunk.length, count - done);
                buffer.get(from + done, chunk, 0, n);
                int vectors = VECTOR_CONVERSION
                        ? VectorConversion.widen(chunk, 0, out, outFrom + done, n) : 0;
                for (int i = vectors; i < n; i++) {
                    out[outFrom + done + i] = chunk[i];
                }
            }
        }

        @Override
        public void copyTo(int from, float[] out, int outFrom, int count) {
            buffer.get(from, out, outFrom, count);
        }

        @Override
        public void write(int to, float[] in, int inFrom, int count) {
            buffer.put(to, in, inFrom, count);
        }

        @Override
        public void write(int to, double[] in, int inFrom, int count) {
            float[] chunk = SCRATCH.get();
            for (int done = 0; done < count; done += chunk.length) {
                int n = Math.min(chunk.length, count - done);
                int vectors = VECTOR_CONVERSION
                        ? VectorConversion.narrow(in, inFrom + done, chunk, 0, n) : 0;
                for (int i = vectors; i < n; i++) {
                    // Flush to zero: a subnormal float costs about a hundred cycles in every
                    // later multiply on x86, and values below 1e-38 nats matter to nothing here.
                    // Branch-free on the bits (a zero exponent field marks zero and subnormals)
                    // so that the loop has no conditional move and the JIT can vectorise it.
                    int bits = Float.floatToRawIntBits((float) in[inFrom + done + i]);
                    int exponent = bits & 0x7f800000;
                    chunk[i] = Float.intBitsToFloat(bits & ~((exponent - 1) >> 31));
                }
                buffer.put(to + done, chunk, 0, n);
            }
        }
    }

    static final class Doubles extends ElementView {
        private final DoubleBuffer buffer;

        Doubles(DoubleBuffer buffer, int length, INDArray owner) {
            super(length, owner);
            this.buffer = buffer;
        }

        @Override
        public double get(int i) {
            return buffer.get(i);
        }

        @Override
        public void set(int i, double value) {
            buffer.put(i, value);
        }

        @Override
        public void add(int i, double value) {
            buffer.put(i, buffer.get(i) + value);
        }

        @Override
        public void copyTo(int from, double[] out, int outFrom, int count) {
            buffer.get(from, out, outFrom, count);
        }

        @Override
        public void write(int to, double[] in, int inFrom, int count) {
            buffer.put(to, in, inFrom, count);
        }

        @Override
        public void copyTo(int from, float[] out, int outFrom, int count) {
            for (int i = 0; i < count; i++) {
                out[outFrom + i] = (float) buffer.get(from + i);
            }
        }

        @Override
        public void write(int to, float[] in, int inFrom, int count) {
            for (int i = 0; i < count; i++) {
                buffer.put(to + i, in[inFrom + i]);
            }
        }
    }
}

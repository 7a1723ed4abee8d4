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
 * (training) and double arrays (finite-difference checks). A view is cheap; keep it beside the
 * array it views and reuse it.
 */
public abstract sealed class ElementView permits ElementView.Floats, ElementView.Doubles {

    private final int length;

    private ElementView(int length) {
        this.length = length;
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
            return new Floats(whole.position((int) offset).slice(), length);
        }
        if (type == DataType.DOUBLE) {
            DoubleBuffer whole = array.data().asNioDouble();
            return new Doubles(whole.position((int) offset).slice(), length);
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
        for (int i = 0; i < length; i++) {
            set(i, value);
        }
    }

    /** Copies {@code count} elements starting at {@code from} into {@code out}. */
    public void copyTo(int from, double[] out, int outFrom, int count) {
        for (int i = 0; i < count; i++) {
            out[outFrom + i] = get(from + i);
        }
    }

    /** Copies every element into a new double array. */
    public double[] toDoubleArray() {
        double[] out = new double[length];
        copyTo(0, out, 0, length);
        return out;
    }

    static final class Floats extends ElementView {
        private final FloatBuffer buffer;

        Floats(FloatBuffer buffer, int length) {
            super(length);
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
    }

    static final class Doubles extends ElementView {
        private final DoubleBuffer buffer;

        Doubles(DoubleBuffer buffer, int length) {
            super(length);
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
    }
}

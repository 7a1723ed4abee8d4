package io.github.dvae.core.state;

import io.github.dvae.core.tensor.ElementView;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes named sections of state, in the order a {@link StateInput} reads them back. Values are
 * written bit for bit (doubles and floats by their raw bits), so a restored run continues with
 * exactly the numbers it stopped with. Not thread-safe.
 */
public final class StateOutput {

    private final DataOutputStream out;

    public StateOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /** A long, such as a step count. */
    public void writeLong(String name, long value) throws IOException {
        out.writeUTF(name);
        out.writeLong(value);
    }

    /** A double, bit for bit (NaN included). */
    public void writeDouble(String name, double value) throws IOException {
        writeLong(name, Double.doubleToRawLongBits(value));
    }

    /** A flag. */
    public void writeBoolean(String name, boolean value) throws IOException {
        writeLong(name, value ? 1 : 0);
    }

    /** Bytes, with their length. */
    public void writeBytes(String name, byte[] value) throws IOException {
        out.writeUTF(name);
        out.writeInt(value.length);
        out.write(value);
    }

    /** Doubles, with their length. */
    public void writeDoubles(String name, double[] values) throws IOException {
        out.writeUTF(name);
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    /** Floats, with their length. */
    public void writeFloats(String name, float[] values) throws IOException {
        out.writeUTF(name);
        out.writeInt(values.length);
        for (float v : values) {
            out.writeInt(Float.floatToRawIntBits(v));
        }
    }

    /** Ints, with their length. */
    public void writeInts(String name, int[] values) throws IOException {
        out.writeUTF(name);
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    /** Every element of a tensor, as doubles (exact for float and double tensors). */
    public void writeElements(String name, ElementView values) throws IOException {
        double[] copy = new double[values.length()];
        values.copyTo(0, copy, 0, copy.length);
        writeDoubles(name, copy);
    }

    /** Flushes what was written to the underlying stream. */
    public void flush() throws IOException {
        out.flush();
    }
}

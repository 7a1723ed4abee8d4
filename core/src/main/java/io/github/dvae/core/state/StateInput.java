package io.github.dvae.core.state;

import io.github.dvae.core.tensor.ElementView;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the sections a {@link StateOutput} wrote, in the same order. Each read names the section
 * it expects and, for arrays, the length: a mismatch throws {@link StateFormatException} naming
 * both, so state from another configuration is never loaded. Not thread-safe.
 */
public final class StateInput {

    private final DataInputStream in;

    public StateInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    public long readLong(String name) throws IOException {
        expect(name);
        return in.readLong();
    }

    public double readDouble(String name) throws IOException {
        return Double.longBitsToDouble(readLong(name));
    }

    public boolean readBoolean(String name) throws IOException {
        return readLong(name) != 0;
    }

    /** Bytes of any length. */
    public byte[] readBytes(String name) throws IOException {
        expect(name);
        int n = length(name, -1);
        byte[] out = new byte[n];
        in.readFully(out);
        return out;
    }

    /** Doubles of exactly {@code length} elements, or any length if negative. */
    public double[] readDoubles(String name, int length) throws IOException {
        expect(name);
        double[] out = new double[length(name, length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.longBitsToDouble(in.readLong());
        }
        return out;
    }

    /** Floats of exactly {@code length} elements. */
    public float[] readFloats(String name, int length) throws IOException {
        expect(name);
        float[] out = new float[length(name, length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(in.readInt());
        }
        return out;
    }

    /** Ints of exactly {@code length} elements, or any length if negative. */
    public int[] readInts(String name, int length) throws IOException {
        expect(name);
        int[] out = new int[length(name, length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.readInt();
        }
        return out;
    }

    /** Fills every element of a tensor, which must have the saved length. */
    public void readElements(String name, ElementView into) throws IOException {
        double[] values = readDoubles(name, into.length());
        into.write(0, values, 0, values.length);
    }

    private void expect(String name) throws IOException {
        String found;
        try {
            found = in.readUTF();
        } catch (EOFException e) {
            throw new StateFormatException("state ends before section '" + name + "'");
        }
        if (!found.equals(name)) {
            throw new StateFormatException("expected state section '" + name + "', found '"
                    + found + "'");
        }
    }

    private int length(String name, int expected) throws IOException {
        int n = in.readInt();
        if (n < 0 || (expected >= 0 && n != expected)) {
            throw new StateFormatException("state section '" + name + "' holds " + n
                    + " values where " + (expected >= 0 ? expected : "a non-negative number")
                    + " are expected");
        }
        return n;
    }
}

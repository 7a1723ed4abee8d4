package io.github.dvae.core.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementView}'s float-double conversions, whole vectors at a time, on the Vector API:
 * C2 (JDK 17) does not vectorise a conversion loop, and a step's copies between ND4J's float
 * buffers and the kernels' double rows cost about as much as the kernels' arithmetic. The same
 * values as the scalar loops: widening is exact, narrowing rounds to nearest and writes zero and
 * subnormal results as +0. Loaded only where the JVM has {@code jdk.incubator.vector}; used only
 * where the preferred double vector has eight lanes (512 bits, as {@link VectorExpLog}'s, so that
 * the library's shared call sites see one double shape, which C2 needs to compile them).
 */
final class VectorConversion {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(VectorConversion.class);
    }

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final int LANES = 8;

    private VectorConversion() {
    }

    /** Whether the preferred double vector has eight lanes, as the float one here. */
    static boolean usable() {
        return DOUBLES.length() == LANES;
    }

    /**
     * {@code out[outFrom + i] = in[inFrom + i]} for the whole vectors of {@code n}; returns how
     * many elements it wrote (the caller converts the rest).
     */
    static int widen(float[] in, int inFrom, double[] out, int outFrom, int n) {
        int whole = n & ~(LANES - 1);
        for (int i = 0; i < whole; i += LANES) {
            ((DoubleVector) FloatVector.fromArray(FLOATS, in, inFrom + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0))
                    .intoArray(out, outFrom + i);
        }
        return whole;
    }

    /**
     * {@code out[outFrom + i] = (float) in[inFrom + i]}, zero and subnormal results as +0, for the
     * whole vectors of {@code n}; returns how many elements it wrote.
     */
    static int narrow(double[] in, int inFrom, float[] out, int outFrom, int n) {
        int whole = n & ~(LANES - 1);
        for (int i = 0; i < whole; i += LANES) {
            FloatVector f = (FloatVector) DoubleVector.fromArray(DOUBLES, in, inFrom + i)
                    .convertShape(VectorOperators.D2F, FLOATS, 0);
            VectorMask<Float> tiny = f.abs().compare(VectorOperators.LT, Float.MIN_NORMAL);
            f.blend(0f, tiny).intoArray(out, outFrom + i);
        }
        return whole;
    }
}

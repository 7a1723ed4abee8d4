package io.github.dvae.core.random;

import io.github.dvae.core.tensor.KernelCompilation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link LaneUniforms}: the eight lanes in one 512-bit vector. Loaded only
 * where {@code jdk.incubator.vector} is in the boot layer: nothing else may refer to this class.
 * Where the preferred long vector is narrower (no AVX-512), {@link #available()} is false and the
 * scalar loop runs: the eight lanes are part of the numbers, so they cannot follow the vector
 * width.
 */
final class VectorLanes {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(VectorLanes.class);
    }

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_512;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;
    /** The exponent bits of 1.0: {@code (r >>> 12) | ONE} is {@code 1 + (r >>> 12) 2^-52}. */
    private static final long ONE = 0x3FF0000000000000L;

    private VectorLanes() {
    }

    /** Whether 512-bit long vectors are this machine's preferred shape (so C2 compiles them). */
    static boolean available() {
        return LongVector.SPECIES_PREFERRED.length() == LaneUniforms.LANES;
    }

    /**
     * The whole steps of the lanes into {@code out[from, ...)}, states advanced in place; returns
     * how many elements that was (a multiple of eight). Each value is built from its bits,
     * {@code (1 + m 2^-52) - 1 + 2^-53} with {@code m = r >>> 12}, every operation exact, so it is
     * {@code (m + 1/2) 2^-52} as the scalar loop computes it.
     */
    static int fill(long[] s0, long[] s1, double[] out, int from, int count) {
        int covered = count - count % LaneUniforms.LANES;
        LongVector a = LongVector.fromArray(LONGS, s0, 0);
        LongVector b = LongVector.fromArray(LONGS, s1, 0);
        DoubleVector half = DoubleVector.broadcast(DOUBLES, 0x1.0p-53);
        for (int i = from; i < from + covered; i += LaneUniforms.LANES) {
            LongVector r = a.add(b).lanewise(VectorOperators.ROL, 17).add(a);
            b = b.lanewise(VectorOperators.XOR, a);
            a = a.lanewise(VectorOperators.ROL, 49).lanewise(VectorOperators.XOR, b)
                    .lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.LSHL, 21));
            b = b.lanewise(VectorOperators.ROL, 28);
            DoubleVector d = (DoubleVector) r.lanewise(VectorOperators.LSHR, 12).or(ONE)
                    .viewAsFloatingLanes();
            d.sub(1.0).add(half).intoArray(out, i);
        }
        a.intoArray(s0, 0);
        b.intoArray(s1, 0);
        return covered;
    }
}

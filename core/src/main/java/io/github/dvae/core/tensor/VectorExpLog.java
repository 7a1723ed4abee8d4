package io.github.dvae.core.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link ArrayPower} and {@link ArrayExpLog}: {@link FloatExpLog}'s
 * table-reduced polynomials, lane by lane, to the same bits. Loaded only where
 * {@code jdk.incubator.vector} is in the boot layer: nothing else may refer to this class. Each
 * method covers the whole vectors of its range and returns how many elements that was (a
 * multiple of the vector length); the caller does the tail.
 *
 * <p>Why not the Vector API's own lanewise {@code EXP}/{@code LOG}: compiled, they call
 * HotSpot's vector math library; interpreted or before C2 compiles the loop, they fall back to
 * {@code Math.exp}/{@code Math.log} per lane. The two differ in the last bit, so a run's
 * numbers would depend on when the JIT compiled (a resumed run, in a fresh JVM, would not repeat
 * the uninterrupted one). Here every step is a basic IEEE operation (add, multiply, bit
 * operations on the lanes, table lookups), which the fallback and the compiled code compute
 * alike, so results are the scalar path's whatever the JVM: with or without the flag, cold or
 * warm.
 */
final class VectorExpLog {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** As many int lanes as {@link #SPECIES} has doubles: a gather's index map. */
    private static final VectorSpecies<Integer> INDEX =
            VectorSpecies.of(int.class, VectorShape.forBitSize(LANES * Integer.SIZE));

    private VectorExpLog() {
    }

    /** {@code x^a} over the whole vectors of {@code x[from, from + length)}. */
    static int power(double[] x, int from, int length, double a) {
        int covered = SPECIES.loopBound(length);
        Lookup lookup = new Lookup();
        for (int i = from; i < from + covered; i += LANES) {
            // FloatExpLog's exp2(a * log2(x)); a product commutes bit for bit.
            exp2(log2(DoubleVector.fromArray(SPECIES, x, i), lookup).mul(a), lookup)
                    .intoArray(x, i);
        }
        return covered;
    }

    /** {@code e^x} over the whole vectors of {@code x[from, from + length)}. */
    static int exp(double[] x, int from, int length) {
        int covered = SPECIES.loopBound(length);
        Lookup lookup = new Lookup();
        for (int i = from; i < from + covered; i += LANES) {
            exp2(DoubleVector.fromArray(SPECIES, x, i).mul(FloatExpLog.LOG2_E), lookup)
                    .intoArray(x, i);
        }
        return covered;
    }

    /** {@code ln x} over the whole vectors of {@code x[from, from + length)}. */
    static int log(double[] x, int from, int length) {
        int covered = SPECIES.loopBound(length);
        Lookup lookup = new Lookup();
        for (int i = from; i < from + covered; i += LANES) {
            log2(DoubleVector.fromArray(SPECIES, x, i), lookup).mul(FloatExpLog.LN2)
                    .intoArray(x, i);
        }
        return covered;
    }

    /** {@link FloatExpLog#exp2}, the same operations in the same order. */
    private static DoubleVector exp2(DoubleVector y, Lookup lookup) {
        DoubleVector shifted = y.mul(FloatExpLog.SIZE).add(FloatExpLog.ROUNDING);
        DoubleVector steps = shifted.sub(FloatExpLog.ROUNDING);
        DoubleVector r = y.sub(steps.mul(1.0 / FloatExpLog.SIZE)).mul(FloatExpLog.LN2);
        DoubleVector p = r.mul(1.0 / 6).add(0.5);
        p = r.mul(p).add(1);
        p = r.mul(p).add(1);
        LongVector k = ((LongVector) shifted.viewAsIntegralLanes())
                .sub(FloatExpLog.ROUNDING_BITS);
        DoubleVector scale = (DoubleVector) k.lanewise(VectorOperators.ASHR, FloatExpLog.BITS)
                .add(1023).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
        DoubleVector fraction = lookup.of(FloatExpLog.EXP2_FRACTION,
                k.and(FloatExpLog.SIZE - 1));
        return p.mul(fraction).mul(scale)
                .blend(0.0, y.lt(-1022.0))
                .blend(Double.POSITIVE_INFINITY, y.compare(VectorOperators.GT, 1023.0));
    }

    /** {@link FloatExpLog#log2}, the same operations in the same order. */
    private static DoubleVector log2(DoubleVector x, Lookup lookup) {
        LongVector bits = (LongVector) x.viewAsIntegralLanes();
        LongVector bin = bits.lanewise(VectorOperators.LSHR, 52 - FloatExpLog.BITS)
                .and(FloatExpLog.SIZE - 1);
        DoubleVector mantissa = (DoubleVector) bits.and(FloatExpLog.MANTISSA)
                .or(FloatExpLog.ONE_BITS).viewAsFloatingLanes();
        DoubleVector f = mantissa.mul(lookup.of(FloatExpLog.INVERSE_CENTRE, bin)).sub(1);
        DoubleVector log1p = f.mul(1.0 / 3).add(-0.5);
        log1p = f.mul(log1p).add(1);
        log1p = f.mul(log1p);
        DoubleVector exponent = (DoubleVector) bits.lanewise(VectorOperators.LSHR, 52).sub(1023)
                .convert(VectorOperators.L2D, 0);
        DoubleVector result = exponent.add(lookup.of(FloatExpLog.LOG2_CENTRE, bin))
                .add(log1p.mul(FloatExpLog.LOG2_E));
        return result.blend(x, x.eq(Double.POSITIVE_INFINITY));
    }

    /**
     * Table lookups as gathers: the lanes' indices go through a small int buffer (the gather's
     * index map), one per call of a method above.
     */
    private static final class Lookup {
        private final int[] index = new int[LANES];

        DoubleVector of(double[] table, LongVector at) {
            ((IntVector) at.convertShape(VectorOperators.L2I, INDEX, 0)).intoArray(index, 0);
            return DoubleVector.fromArray(SPECIES, table, 0, index, 0);
        }
    }
}

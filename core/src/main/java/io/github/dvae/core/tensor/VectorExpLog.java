package io.github.dvae.core.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link ArrayPower} and {@link ArrayExpLog}: {@link FloatExpLog}'s
 * table-free polynomials, lane by lane, to the same bits. Loaded only where
 * {@code jdk.incubator.vector} is in the boot layer: nothing else may refer to this class. Each
 * method covers the whole vectors of its range and returns how many elements that was (a
 * multiple of the vector length); the caller does the tail.
 *
 * <p>Why not the Vector API's own lanewise {@code EXP}/{@code LOG}: compiled, they call
 * HotSpot's vector math library; interpreted or before C2 compiles the loop, they fall back to
 * {@code Math.exp}/{@code Math.log} per lane. The two differ in the last bit, so a run's
 * numbers would depend on when the JIT compiled (a resumed run, in a fresh JVM, would not repeat
 * the uninterrupted one). Here every step is an exactly rounded IEEE operation (add, multiply,
 * fused multiply-add, divide) or an exact one (compare and blend, integer operations on the
 * lanes' bits), which the fallback ({@code Math.fma} for {@code FMA}) and the compiled code
 * compute alike, so results are the scalar path's whatever the JVM: with or without the flag,
 * cold or warm.
 *
 * <p>Only operations that C2 intrinsifies on Java 17 at the preferred shape are used: no gathers
 * and no shape-changing conversions (the table lookups' index maps, which this replaced, fell
 * back to Java code on every call, allocating), and each loop holds one kernel written out (no
 * helper of ours passing vectors), within C2's inlining budget. A Vector API loop that C2 has
 * not compiled yet (interpreted, or C1's code in the first seconds of a run) is a hundred to ten
 * thousand times slower than compiled.
 */
final class VectorExpLog {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(VectorExpLog.class);
    }

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorExpLog() {
    }

    /** {@code x^a} over the whole vectors of {@code x[from, from + length)}. */
    static int power(double[] x, int from, int length, double a) {
        // FloatExpLog's exp(a * log(x)) in three passes (the product's bits are the same in a
        // plain loop): one loop holding both kernels is past C2's inlining budget
        // (NodeCountInliningCutoff), and the vector operations left as calls box their vectors,
        // several times slower.
        int covered = log(x, from, length);
        for (int i = from; i < from + covered; i++) {
            x[i] *= a;
        }
        return exp(x, from, covered);
    }

    /**
     * {@code e^x} over the whole vectors of {@code x[from, from + length)}: {@link
     * FloatExpLog#exp}, the same operations in the same order. The kernel is written out in the
     * loop (no helper of ours taking or returning a vector), so that C2 compiles it whole
     * whichever method it is inlined into.
     */
    static int exp(double[] x, int from, int length) {
        int covered = SPECIES.loopBound(length);
        for (int i = from; i < from + covered; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, i);
            DoubleVector shifted = v.fma(FloatExpLog.LOG2_E, FloatExpLog.ROUNDING);
            DoubleVector n = shifted.sub(FloatExpLog.ROUNDING);
            DoubleVector r = n.fma(DoubleVector.broadcast(SPECIES, -FloatExpLog.LN2_LO),
                    n.fma(DoubleVector.broadcast(SPECIES, -FloatExpLog.LN2_HI), v));
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector a0 = r.fma(FloatExpLog.E1, FloatExpLog.E0);
            DoubleVector a1 = r.fma(FloatExpLog.E3, FloatExpLog.E2);
            DoubleVector a2 = r.fma(FloatExpLog.E5, FloatExpLog.E4);
            DoubleVector a3 = r.fma(FloatExpLog.E7, FloatExpLog.E6);
            DoubleVector b0 = a1.fma(r2, a0);
            DoubleVector b1 = a3.fma(r2, a2);
            DoubleVector q = r4.fma(DoubleVector.broadcast(SPECIES, FloatExpLog.E8), b1)
                    .fma(r4, b0);
            DoubleVector p = q.fma(r, DoubleVector.broadcast(SPECIES, 1.0));
            DoubleVector scale = (DoubleVector) ((LongVector) shifted.viewAsIntegralLanes())
                    .sub(FloatExpLog.ROUNDING_BITS - 1023).lanewise(VectorOperators.LSHL, 52)
                    .viewAsFloatingLanes();
            p.mul(scale)
                    .blend(0.0, v.lt(FloatExpLog.EXP_LOWER))
                    .blend(Double.POSITIVE_INFINITY,
                            v.compare(VectorOperators.GT, FloatExpLog.EXP_UPPER))
                    .intoArray(x, i);
        }
        return covered;
    }

    /**
     * {@code ln x} over the whole vectors of {@code x[from, from + length)}: {@link
     * FloatExpLog#log}, the same operations in the same order, written out as in {@link #exp}.
     */
    static int log(double[] x, int from, int length) {
        int covered = SPECIES.loopBound(length);
        for (int i = from; i < from + covered; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, i);
            LongVector bits = ((LongVector) v.viewAsIntegralLanes()).add(FloatExpLog.LOG_OFFSET);
            DoubleVector m = (DoubleVector) bits.and(FloatExpLog.MANTISSA)
                    .add(FloatExpLog.SQRT_HALF_BITS).viewAsFloatingLanes();
            DoubleVector e = ((DoubleVector) bits.lanewise(VectorOperators.LSHR, 52)
                    .or(FloatExpLog.ROUNDING_BITS).viewAsFloatingLanes())
                    .sub(FloatExpLog.ROUNDING + 1023);
            DoubleVector f = m.sub(1);
            DoubleVector s = f.div(f.add(2));
            DoubleVector z = s.mul(s);
            DoubleVector z2 = z.mul(z);
            DoubleVector a0 = z.fma(FloatExpLog.L1, FloatExpLog.L0);
            DoubleVector a1 = z.fma(FloatExpLog.L3, FloatExpLog.L2);
            DoubleVector a2 = z.fma(FloatExpLog.L5, FloatExpLog.L4);
            DoubleVector poly = a2.fma(z2, a1).fma(z2, a0);
            DoubleVector result = e.fma(DoubleVector.broadcast(SPECIES, FloatExpLog.LN2_HI),
                    s.fma(poly, e.mul(FloatExpLog.LN2_LO)));
            result.blend(v, v.eq(Double.POSITIVE_INFINITY)).intoArray(x, i);
        }
        return covered;
    }
}

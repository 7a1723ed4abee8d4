package io.github.dvae.core.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link ArrayPower} and {@link ArrayExpLog}: lanewise {@code LOG} and
 * {@code EXP}, which HotSpot compiles to its vector math library on x86. Loaded only where
 * {@code jdk.incubator.vector} is in the boot layer: nothing else may refer to this class.
 * Each method covers the whole vectors of its range and returns how many elements that was (a
 * multiple of the vector length); the caller does the tail.
 */
final class VectorExpLog {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorExpLog() {
    }

    /** {@code x^a} over the whole vectors of {@code x[from, from + length)}. */
    static int power(double[] x, int from, int length, double a) {
        int covered = SPECIES.loopBound(length);
        for (int i = from; i < from + covered; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, x, i)
                    .lanewise(VectorOperators.LOG)
                    .mul(a)
                    .lanewise(VectorOperators.EXP)
                    .intoArray(x, i);
        }
        return covered;
    }

    /** {@code e^x} over the whole vectors of {@code x[from, from + length)}. */
    static int exp(double[] x, int from, int length) {
        int covered = SPECIES.loopBound(length);
        for (int i = from; i < from + covered; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.EXP).intoArray(x, i);
        }
        return covered;
    }

    /** {@code ln x} over the whole vectors of {@code x[from, from + length)}. */
    static int log(double[] x, int from, int length) {
        int covered = SPECIES.loopBound(length);
        for (int i = from; i < from + covered; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.LOG).intoArray(x, i);
        }
        return covered;
    }
}

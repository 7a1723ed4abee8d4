package io.github.dvae.core.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayPower}'s Vector API path. Loaded only where {@code jdk.incubator.vector} is in the
 * boot layer: nothing else may refer to this class.
 */
final class VectorArrayPower {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorArrayPower() {
    }

    /**
     * Raises the whole vectors of {@code x[from, from + length)} to the power {@code a} and
     * returns how many elements that covered (a multiple of the vector length).
     */
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
}

package io.github.dvae.core.nn;

import io.github.dvae.core.tensor.KernelCompilation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseLayer}'s float bias-and-activation loop, whole vectors at a time, on the Vector
 * API: the flush to zero it ends in is written on the bits in the scalar loop, and C2 on Java 17
 * vectorises no loop that moves floats to int bits and back. The same bits: the add and
 * {@code max} are IEEE operations ({@code max} as {@link Math#max}: +0 for -0 against 0), and a
 * result whose magnitude is below {@link Float#MIN_NORMAL} (zero or subnormal) becomes +0, as the
 * scalar flush does. Loaded only where {@code jdk.incubator.vector} is in the boot layer: nothing
 * but {@link DenseLayer} may refer to this class. 256-bit floats, as {@link AdamKernel}.
 */
final class LayerKernels {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(LayerKernels.class);
    }

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final int LANES = SPECIES.length();

    private LayerKernels() {
    }

    /**
     * {@code row[j] = flush(relu ? max(row[j] + bias[j], 0) : row[j] + bias[j])} for the whole
     * vectors of {@code j < n}; returns how many that was (the caller does the rest).
     */
    static int addBias(float[] row, float[] bias, int n, boolean relu) {
        int covered = SPECIES.loopBound(n);
        for (int j = 0; j < covered; j += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, row, j)
                    .add(FloatVector.fromArray(SPECIES, bias, j));
            if (relu) {
                v = v.max(0f);
            }
            v.blend(0f, v.abs().compare(VectorOperators.LT, Float.MIN_NORMAL))
                    .intoArray(row, j);
        }
        return covered;
    }
}

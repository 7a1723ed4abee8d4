package io.github.dvae.core.nn;

import io.github.dvae.core.tensor.KernelCompilation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Adam}'s update of a staged chunk, whole vectors at a time, on the Vector API: the chunk's
 * gradient and value at {@code i}, the moments at {@code at + i}. With such mixed offsets C2 does
 * not vectorise the scalar loop; here the offsets cost nothing, so the update needs neither
 * full-length heap mirrors of value and gradient (and their write-back to memory) nor staged
 * copies of the moments. Loaded only where {@code jdk.incubator.vector} is in the boot layer:
 * nothing but {@link Adam} may refer to this class.
 *
 * <p>The same bits as {@link Adam#update}: the same exactly rounded float operations in the
 * same order, no fused multiply-add, square root of a float to the nearest float either way.
 * 256-bit vectors, the float shape of {@code VectorConversion}'s (one float shape in the
 * library's Vector API call sites); Zen 4 executes 512-bit operations as two 256-bit halves.
 */
final class AdamKernel {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(AdamKernel.class);
    }

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final int LANES = SPECIES.length();

    private AdamKernel() {
    }

    /**
     * Updates the whole vectors of the chunk's first {@code count} elements; returns how many
     * elements that was (the caller updates the rest with {@link Adam#update}).
     */
    static int update(float[] g, float[] p, float[] m, float[] v, int at, int count, float b1,
            float b2, float stepSize, float inverseSqrtCorrection2, float eps) {
        float a1 = 1 - b1;
        float a2 = 1 - b2;
        int covered = SPECIES.loopBound(count);
        for (int i = 0; i < covered; i += LANES) {
            FloatVector gi = FloatVector.fromArray(SPECIES, g, i);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, at + i).mul(b1).add(gi.mul(a1));
            FloatVector vi = FloatVector.fromArray(SPECIES, v, at + i).mul(b2)
                    .add(gi.mul(a2).mul(gi));
            mi.intoArray(m, at + i);
            vi.intoArray(v, at + i);
            FloatVector step = mi.mul(stepSize)
                    .div(vi.sqrt().mul(inverseSqrtCorrection2).add(eps));
            FloatVector.fromArray(SPECIES, p, i).sub(step).intoArray(p, i);
        }
        return covered;
    }
}

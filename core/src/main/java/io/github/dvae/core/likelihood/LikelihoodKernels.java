package io.github.dvae.core.likelihood;

import io.github.dvae.core.tensor.KernelCompilation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BernoulliLikelihood}'s gradient loop, whole vectors at a time, on the Vector API. The
 * scalar loop selects the sigmoid's numerator on the sign bit of the logit; here on
 * {@code l < 0}, which differs only at {@code l = -0}, where {@code e = exp(-0) = 1} is the other
 * candidate, 1, itself: the same bits. Loaded only where {@code jdk.incubator.vector} is in the
 * boot layer: nothing but {@link BernoulliLikelihood} may refer to this class. Doubles at the
 * preferred shape, as the library's other double kernels.
 */
final class LikelihoodKernels {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(LikelihoodKernels.class);
    }

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private LikelihoodKernels() {
    }

    /**
     * {@code l[j] = w * (x[j] - (l[j] < 0 ? e[j] : 1) / (1 + e[j]))}, {@code e[j] = exp(-|l[j]|)},
     * for the whole vectors of {@code j < width}; returns how many that was.
     */
    static int gradient(double[] l, double[] x, double[] e, int width, double w) {
        int covered = SPECIES.loopBound(width);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int j = 0; j < covered; j += LANES) {
            DoubleVector lv = DoubleVector.fromArray(SPECIES, l, j);
            DoubleVector ev = DoubleVector.fromArray(SPECIES, e, j);
            DoubleVector numerator = one.blend(ev, lv.compare(VectorOperators.LT, 0.0));
            DoubleVector.fromArray(SPECIES, x, j).sub(numerator.div(one.add(ev))).mul(w)
                    .intoArray(l, j);
        }
        return covered;
    }
}

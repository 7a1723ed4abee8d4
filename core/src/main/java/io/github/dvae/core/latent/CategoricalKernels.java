package io.github.dvae.core.latent;

import io.github.dvae.core.tensor.KernelCompilation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CategoricalPosterior}'s elementwise loops, whole vectors at a time, on the Vector API:
 * its loops read the probabilities at a group's offset in the batch and write a row buffer at
 * the group's offset in the row, and with such mixed offsets, or with a select, C2 on Java 17
 * does not vectorise them. The same operations in the same order as the scalar loops, each an
 * exactly rounded IEEE operation or a blend, so the same bits. Loaded only where
 * {@code jdk.incubator.vector} is in the boot layer: nothing but {@link CategoricalPosterior} may
 * refer to this class. Doubles at the preferred shape, as the library's other double kernels.
 */
final class CategoricalKernels {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(CategoricalKernels.class);
    }

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private CategoricalKernels() {
    }

    /**
     * {@code g[at + k] += p > 0 ? scale * p * (logp[base + k] - negEntropy) : 0.0} with
     * {@code p = probabilities[base + k]}, for the whole vectors of {@code k < classes}; returns
     * how many that was (the caller does the rest).
     */
    static int addKlGradient(double[] g, int at, double[] probabilities, double[] logp, int base,
            int classes, double scale, double negEntropy) {
        int covered = SPECIES.loopBound(classes);
        for (int k = 0; k < covered; k += LANES) {
            DoubleVector p = DoubleVector.fromArray(SPECIES, probabilities, base + k);
            DoubleVector term = p.mul(scale)
                    .mul(DoubleVector.fromArray(SPECIES, logp, base + k).sub(negEntropy));
            VectorMask<Double> positive = p.compare(VectorOperators.GT, 0.0);
            DoubleVector.fromArray(SPECIES, g, at + k)
                    .add(DoubleVector.zero(SPECIES).blend(term, positive)).intoArray(g, at + k);
        }
        return covered;
    }

    /** The length of the whole vectors of {@code l[0, classes)}, which {@link #max} covers. */
    static int maxPrefix(double[] l, int classes) {
        return SPECIES.loopBound(classes);
    }

    /**
     * The maximum of {@code l[0, covered)}, {@code covered} a positive multiple of the vector
     * length: lanewise maxima, then across the lanes (IEEE maximum: for values that are not
     * NaN, the same as any order of {@code >} comparisons up to the sign of a zero result).
     */
    static double max(double[] l, int covered) {
        DoubleVector m = DoubleVector.fromArray(SPECIES, l, 0);
        for (int k = LANES; k < covered; k += LANES) {
            m = m.max(DoubleVector.fromArray(SPECIES, l, k));
        }
        return m.reduceLanes(VectorOperators.MAX);
    }

    /**
     * {@code g[i] = 0.0 - total * p[base + i]} (a zero product stays +0) for the whole vectors of
     * {@code i < width}; returns how many that was.
     */
    static int negatedScaled(double[] g, double[] p, int base, int width, double total) {
        int covered = SPECIES.loopBound(width);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < covered; i += LANES) {
            zero.sub(DoubleVector.fromArray(SPECIES, p, base + i).mul(total)).intoArray(g, i);
        }
        return covered;
    }

    /**
     * {@code g[i] -= c * p[base + i]} for the whole vectors of {@code i < width}; returns how many
     * that was.
     */
    static int subtractScaled(double[] g, double[] p, int base, int width, double c) {
        int covered = SPECIES.loopBound(width);
        for (int i = 0; i < covered; i += LANES) {
            DoubleVector.fromArray(SPECIES, g, i)
                    .sub(DoubleVector.fromArray(SPECIES, p, base + i).mul(c)).intoArray(g, i);
        }
        return covered;
    }
}

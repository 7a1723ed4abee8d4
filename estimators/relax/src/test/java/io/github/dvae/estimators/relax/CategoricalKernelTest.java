package io.github.dvae.estimators.relax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused categorical kernel's two paths (the Vector API's eight lanes and the scalar
 * fallback) give the same bits, at K with and without a tail, with and without the directions;
 * and {@link RowTransfer} reads and writes the values {@link ElementView} does, flush to zero
 * included. (The kernel's values against the unfused reference: {@code RelaxEstimatorTest}.)
 */
class CategoricalKernelTest {

    /** This module's tests run with the Vector API (its pom); the comparison needs both paths. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 9, 17, 255, 256})
    void vectorAndScalarPathsGiveTheSameBits(int classes) {
        assumeTrue(CategoricalKernel.VECTOR, "no Vector API in this JVM");
        RandomStream rng = RandomStream.of(classes);
        for (boolean directions : new boolean[] {false, true}) {
            for (int trial = 0; trial < 5; trial++) {
                int slots = 9;
                double[] x = new double[slots * classes + 7];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextGaussian();
                }
                double[] pi = new double[classes + 2];
                double[] slope = new double[classes + 2];
                for (int i = 0; i < pi.length; i++) {
                    pi[i] = rng.nextDouble();
                    slope[i] = rng.nextDouble();
                }
                int code = (int) (rng.nextDouble() * classes);
                double[] xs = x.clone();
                double[] sumsVector = {0.25, -1, 3};
                double[] sumsScalar = sumsVector.clone();
                // Offsets not multiples of eight, slots in a shuffled order.
                int[] at = new int[slots];
                for (int s = 0; s < slots; s++) {
                    at[s] = 3 + ((s * 5) % slots) * classes;
                }
                VectorKernels.variable(x, at[0], at[1], at[2], at[3], at[4], at[5], at[6],
                        at[7], at[8], pi, slope, 1, code, classes, 0.7, 2.0, -1.3, 2.0 / 3,
                        directions, sumsVector);
                CategoricalKernel.scalar(xs, at[0], at[1], at[2], at[3], at[4], at[5], at[6],
                        at[7], at[8], pi, slope, 1, code, classes, 0.7, 2.0, -1.3, 2.0 / 3,
                        directions, sumsScalar);
                assertArrayEquals(xs, x, classes + " classes, directions " + directions);
                assertArrayEquals(sumsScalar, sumsVector, classes + " classes, sums");
            }
        }
    }
}

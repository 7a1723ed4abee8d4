package io.github.dvae.core.likelihood;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BernoulliLikelihoodTest {

    private static INDArray row(double... v) {
        return Nd4j.createFromArray(v).castTo(DataType.DOUBLE).reshape(1, v.length);
    }

    /** The fast log1p against the JDK's over [0, 1], tiny arguments and the branch point. */
    @Test
    void log1pUnitMatchesTheJdkWithinItsBound() {
        double worst = 0;
        for (int i = 0; i <= 200_000; i++) {
            double e = i / 200_000.0;
            worst = Math.max(worst, relativeError(e));
        }
        for (double e = 1e-300; e < 1; e *= 1.0007) {
            worst = Math.max(worst, relativeError(e));
        }
        worst = Math.max(worst, Math.max(relativeError(Math.nextUp(1e-3)), relativeError(1e-3)));
        assertTrue(worst < 2e-13, "worst relative error " + worst);
        assertEquals(0.0, BernoulliLikelihood.log1pUnit(0.0));
        assertEquals(Math.log(2), BernoulliLikelihood.log1pUnit(1.0), 1e-16);
    }

    private static double relativeError(double e) {
        double exact = Math.log1p(e);
        return exact == 0 ? 0 : Math.abs(BernoulliLikelihood.log1pUnit(e) - exact) / exact;
    }

    @Test
    void saturatedLogitsGiveExactFiniteValues() {
        INDArray logits = row(100, -100, 100, -100, 0);
        INDArray x = row(1, 0, 0, 1, 1);
        double[] out = new double[1];
        BernoulliLikelihood.evaluate(ElementView.of(logits), ElementView.of(x), 1, 1, 5, out, null,
                null);
        // log sigmoid(100) ~ 0, log(1 - sigmoid(-100)) ~ 0, log(1 - sigmoid(100)) = -100, ...
        assertEquals(-200 - Math.log(2), out[0], 1e-9);
    }

    @Test
    void gradientMatchesFiniteDifferencesAndRowsMapToExamples() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 2.0}, {-0.7, 0.1, 5.0},
            {1.5, 1.5, -3.0}, {0.0, -0.2, 0.4}});
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 1, 1}});
        double[] w = {0.5, 2.0, -1.0, 1.5};
        double[] values = new double[4];
        INDArray grad = Nd4j.create(DataType.DOUBLE, 4, 3);
        ElementView lv = ElementView.of(logits);
        BernoulliLikelihood.evaluate(lv, ElementView.of(x), 4, 2, 3, values, w,
                ElementView.of(grad));
        double[] fd = FiniteDifferences.gradient(lv, () -> {
            double[] v = new double[4];
            BernoulliLikelihood.evaluate(lv, ElementView.of(x), 4, 2, 3, v, null, null);
            return w[0] * v[0] + w[1] * v[1] + w[2] * v[2] + w[3] * v[3];
        }, 1e-6);
        assertClose(fd, ElementView.of(grad).toDoubleArray(), 1e-8, 1e-6, "d log p / d logits");
        // Row 2 is scored against example 0.
        double expected = 0;
        double[] l2 = {1.5, 1.5, -3.0};
        double[] x0 = {1, 0, 1};
        for (int j = 0; j < 3; j++) {
            double p = 1 / (1 + Math.exp(-l2[j]));
            expected += x0[j] * Math.log(p) + (1 - x0[j]) * Math.log(1 - p);
        }
        assertEquals(expected, values[2], 1e-12);
    }

    /**
     * Rows of several widths (below, at and off the product block of 64, the seed's 784) with
     * logits from saturated to zero (both signs of zero) against the JDK's {@code log1p} and
     * {@code exp}: each row's value within the stated bound ({@code width} times the exp's
     * relative error, plus the products' rounding), each gradient entry within the exp's bound;
     * and the same bits on one thread and on two.
     */
    @Test
    void rowsMatchTheJdkReferenceWithinTheBoundAndIgnoreThreads() {
        RandomStream rng = RandomStream.of(17);
        for (int width : new int[] {1, 7, 63, 64, 65, 200, 784}) {
            int examples = 5;
            int rows = 3 * examples;
            double[] l = new double[rows * width];
            for (int i = 0; i < l.length; i++) {
                int kind = rng.nextInt(10);
                l[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 ? 40 * rng.nextGaussian()
                        : 3 * rng.nextGaussian();
            }
            double[] x = new double[examples * width];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble() < 0.4 ? 1 : 0;
            }
            double[] w = new double[rows];
            for (int r = 0; r < rows; r++) {
                w[r] = rng.nextGaussian();
            }
            INDArray logits = Nd4j.createFromArray(l).reshape(rows, width);
            INDArray pixels = Nd4j.createFromArray(x).reshape(examples, width);
            double[][] values = new double[2][rows];
            double[][] grads = new double[2][];
            for (int threads = 1; threads <= 2; threads++) {
                INDArray grad = Nd4j.create(DataType.DOUBLE, rows, width);
                try (WorkerPool pool = new WorkerPool(threads)) {
                    BernoulliLikelihood.evaluate(ElementView.of(logits), ElementView.of(pixels),
                            rows, examples, width, values[threads - 1], w, ElementView.of(grad),
                            pool);
                }
                grads[threads - 1] = ElementView.of(grad).toDoubleArray();
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(values[0], values[1], "threads");
            org.junit.jupiter.api.Assertions.assertArrayEquals(grads[0], grads[1], "threads");
            for (int r = 0; r < rows; r++) {
                double exact = 0;
                for (int j = 0; j < width; j++) {
                    double lj = l[r * width + j];
                    double xj = x[(r % examples) * width + j];
                    exact += xj * lj - Math.max(lj, 0) - Math.log1p(Math.exp(-Math.abs(lj)));
                    double sig = 1 / (1 + Math.exp(-lj));
                    assertEquals(w[r] * (xj - sig), grads[0][r * width + j],
                            Math.abs(w[r]) * 4 * ArrayExpLog.EXP_RELATIVE_ERROR + 1e-16,
                            "gradient " + r + ", " + j + " of width " + width);
                }
                double bound = width * ArrayExpLog.EXP_RELATIVE_ERROR + 1e-13
                        + 1e-15 * Math.abs(exact);
                assertEquals(exact, values[0][r], bound, "row " + r + " of width " + width);
            }
        }
    }
}

package io.github.dvae.core.latent;

import static io.github.dvae.core.testing.ArrayAssertions.assertAllFinite;
import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.testing.FiniteDifferences;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional Gumbel sample {@code z~ | b} on its own: its distribution against rejection
 * sampling of {@code z = t + g} given {@code argmax z = b}, and its derivative with respect to the
 * logits against central differences at fixed noise.
 */
class ConditionalGumbelTest {

    private static final double[] LOGITS = {1.0, -0.5, 0.3, -1.5};
    private static final int K = LOGITS.length;

    /** Family-wise false-alarm probability of the distribution checks. */
    private static final double FALSE_ALARM = 1e-4;

    /** {@code log softmax(l)} and {@code softmax(l)} through core's posterior (stable form). */
    private static double[][] logAndProbabilities(double[] logits) {
        CategoricalPosterior q = new CategoricalPosterior(1, logits.length);
        q.update(ElementView.of(Nd4j.createFromArray(logits).reshape(1, logits.length)), 1);
        return new double[][] {Arrays.copyOf(q.logProbabilities(), logits.length),
            Arrays.copyOf(q.probabilities(), logits.length)};
    }

    /** {@code samples[b][k][i]}: coordinate k of the i-th {@code z} with argmax b, by rejection. */
    private static double[][][] byRejection(double[] t, int draws, RandomStream rng) {
        double[][] flat = new double[draws][];
        int[] argmax = new int[draws];
        int[] counts = new int[K];
        double[] z = new double[K];
        for (int i = 0; i < draws; i++) {
            argmax[i] = ConditionalGumbel.perturb(t, 0, K, rng, z);
            flat[i] = z.clone();
            counts[argmax[i]]++;
        }
        double[][][] out = new double[K][K][];
        for (int b = 0; b < K; b++) {
            for (int k = 0; k < K; k++) {
                out[b][k] = new double[counts[b]];
            }
        }
        int[] filled = new int[K];
        for (int i = 0; i < draws; i++) {
            int b = argmax[i];
            for (int k = 0; k < K; k++) {
                out[b][k][filled[b]] = flat[i][k];
            }
            filled[b]++;
        }
        return out;
    }

    /** {@code samples[k][i]}: coordinate k of the i-th {@code z~ | b}. */
    private static double[][] conditionalSamples(double[][] tp, int b, int draws,
            RandomStream rng) {
        double[][] out = new double[K][draws];
        double[] zt = new double[K];
        double[] slope = new double[K];
        double[] scratch = new double[K];
        for (int i = 0; i < draws; i++) {
            ConditionalGumbel.conditional(tp[0], tp[1], 0, K, b, rng, scratch, zt, slope);
            for (int k = 0; k < K; k++) {
                out[k][i] = zt[k];
            }
        }
        return out;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** Largest two-sample mean z-score and smallest Kolmogorov-Smirnov p-value over k and b. */
    private static double[] compare(double[][][] rejected, double[][] sampler, int draws,
            RandomStream rng) {
        double[][][] conditional = new double[K][][];
        for (int b = 0; b < K; b++) {
            conditional[b] = conditionalSamples(sampler, b, draws, rng);
        }
        return compare(rejected, conditional);
    }

    /** As above, for samples {@code [b][k][i]} given. */
    private static double[] compare(double[][][] rejected, double[][][] conditional) {
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double maxZ = 0;
        double minP = 1;
        for (int b = 0; b < K; b++) {
            for (int k = 0; k < K; k++) {
                double[] x = conditional[b][k];
                double[] y = rejected[b][k];
                double se = Math.sqrt(variance(x) / x.length + variance(y) / y.length);
                maxZ = Math.max(maxZ, Math.abs(mean(x) - mean(y)) / se);
                minP = Math.min(minP, ks.kolmogorovSmirnovTest(x, y));
            }
        }
        return new double[] {maxZ, minP};
    }

    @Test
    void conditionalSampleHasTheDistributionOfZGivenItsArgmax() {
        double[][] tp = logAndProbabilities(LOGITS);
        RandomStream rng = RandomStream.of(2017);
        // The rarest class has probability 0.066: about 26,000 rejection samples given it.
        double[][][] rejected = byRejection(tp[0], 400_000, rng);
        int checks = K * K;
        double zBound = new NormalDistribution().inverseCumulativeProbability(
                1 - FALSE_ALARM / (2 * 2 * checks));
        double[] right = compare(rejected, tp, 20_000, rng);
        System.out.printf("z~ | b against rejection: max mean |z| %.2f (bound %.2f), min KS p %.3g "
                + "(bound %.3g)%n", right[0], zBound, right[1], FALSE_ALARM / (2 * checks));
        assertTrue(right[0] < zBound, "a coordinate's mean differs: |z| " + right[0]);
        assertTrue(right[1] > FALSE_ALARM / (2 * checks), "a coordinate's distribution differs: "
                + "KS p " + right[1]);

        // Power: a sampler given logits off by 0.15 in one class is rejected.
        double[] off = LOGITS.clone();
        off[2] += 0.15;
        double[] wrong = compare(rejected, logAndProbabilities(off), 20_000, rng);
        System.out.printf("  with logit 2 off by 0.15: max mean |z| %.1f, min KS p %.3g%n",
                wrong[0], wrong[1]);
        assertTrue(wrong[0] > zBound && wrong[1] < FALSE_ALARM / (2 * checks),
                "the comparison must detect a shift of 0.15 in a logit");
    }

    /**
     * The batched {@link ConditionalGumbel#draw}, whose exponentials come in bulk
     * ({@link RandomStream#fillExponential}, not the single-draw sampler), has the laws of
     * the single-variable path: many copies of one variable, z given its code and z~ given the
     * code each against rejection samples of {@code z | argmax z = b}, and the codes'
     * frequencies against pi (chi-square).
     */
    @Test
    void batchedDrawHasTheLawsOfTheSingleDraws() {
        double[][] tp = logAndProbabilities(LOGITS);
        int groups = 120_000;
        double[] t = new double[groups * K];
        double[] p = new double[groups * K];
        for (int g = 0; g < groups; g++) {
            System.arraycopy(tp[0], 0, t, g * K, K);
            System.arraycopy(tp[1], 0, p, g * K, K);
        }
        int[] codes = new int[groups];
        double[] z = new double[groups * K];
        double[] zTilde = new double[groups * K];
        ConditionalGumbel.draw(t, p, groups, K, RandomStream.of(41), WorkerPool.SERIAL, codes, z,
                zTilde, new double[groups * K]);
        long[] counts = new long[K];
        for (int code : codes) {
            counts[code]++;
        }
        double[] expected = new double[K];
        for (int k = 0; k < K; k++) {
            expected[k] = groups * tp[1][k];
        }
        double chiSquareP = new ChiSquareTest().chiSquareTest(expected, counts);
        double[][][] zGiven = new double[K][K][];
        double[][][] tildeGiven = new double[K][K][];
        for (int b = 0; b < K; b++) {
            for (int k = 0; k < K; k++) {
                zGiven[b][k] = new double[(int) counts[b]];
                tildeGiven[b][k] = new double[(int) counts[b]];
            }
        }
        int[] filled = new int[K];
        for (int g = 0; g < groups; g++) {
            int b = codes[g];
            for (int k = 0; k < K; k++) {
                zGiven[b][k][filled[b]] = z[g * K + k];
                tildeGiven[b][k][filled[b]] = zTilde[g * K + k];
            }
            filled[b]++;
        }
        double[][][] rejected = byRejection(tp[0], 400_000, RandomStream.of(2018));
        int checks = 2 * K * K;
        double zBound = new NormalDistribution().inverseCumulativeProbability(
                1 - FALSE_ALARM / (2 * 2 * checks));
        double[] ofZ = compare(rejected, zGiven);
        double[] ofTilde = compare(rejected, tildeGiven);
        System.out.printf("batched draw: codes chi-square p %.3g; z | b max |z| %.2f, min KS p "
                + "%.3g; z~ | b max |z| %.2f, min KS p %.3g (bounds %.2f, %.3g)%n", chiSquareP,
                ofZ[0], ofZ[1], ofTilde[0], ofTilde[1], zBound, FALSE_ALARM / (2 * checks));
        assertTrue(chiSquareP > FALSE_ALARM / 3, "codes' frequencies: p " + chiSquareP);
        for (double[] r : new double[][] {ofZ, ofTilde}) {
            assertTrue(r[0] < zBound, "a coordinate's mean differs: |z| " + r[0]);
            assertTrue(r[1] > FALSE_ALARM / (2 * checks), "a coordinate's law differs: KS p "
                    + r[1]);
        }
    }

    @Test
    void conditionalSampleKeepsItsArgmaxAndIsFiniteAtExtremeLogits() {
        // pi_4 = exp(-850) underflows to 0: a naive -log(e_k / pi_k + e_b) would give -infinity.
        double[] extreme = {50, -50, 50, -50, -800};
        double[][] tp = logAndProbabilities(extreme);
        double[] t = tp[0];
        RandomStream rng = RandomStream.of(3);
        double[] zt = new double[5];
        double[] slope = new double[5];
        double[] scratch = new double[5];
        for (int b = 0; b < 5; b++) {
            for (int i = 0; i < 2000; i++) {
                ConditionalGumbel.conditional(t, tp[1], 0, 5, b, rng, scratch, zt, slope);
                assertAllFinite(zt, "z~ at extreme logits");
                assertAllFinite(slope, "dz~/dt at extreme logits");
                for (int k = 0; k < 5; k++) {
                    if (k != b) {
                        assertTrue(zt[k] <= zt[b], "z~_" + k + " = " + zt[k] + " above z~_b = "
                                + zt[b] + " for b = " + b);
                        assertTrue(slope[k] >= 0 && slope[k] <= 1, "slope " + slope[k]);
                    }
                }
            }
        }
        // At unit exponentials, z~_k = -log(1 / pi_k + 1) and s_k = 1 / (1 + pi_k), in closed form.
        double[] ones = {1, 1, 1, 1, 1};
        ConditionalGumbel.conditional(t, tp[1], 0, 5, 1, ones, zt, slope);
        assertEquals(0.0, zt[1], ArrayExpLog.LOG_ABSOLUTE_ERROR);
        assertEquals(-Math.log(3), zt[0], ArrayExpLog.LOG_ABSOLUTE_ERROR);
        assertEquals(2.0 / 3, slope[0], 1e-12);
        assertEquals(t[3], zt[3], 1e-12 * Math.abs(t[3]) + ArrayExpLog.LOG_ABSOLUTE_ERROR);
        assertEquals(-850 - Math.log(2), zt[4], 1e-9);
        assertEquals(1.0, slope[4], 0);
        assertEquals(0.0, slope[1], 0);
    }

    /**
     * {@code d z~_k / d l_j = s_k (delta_kj - pi_j)} against central differences of
     * {@code z~(l)} at fixed exponentials and b, for every b, also where probabilities are tiny;
     * and the chain rule {@link ConditionalGumbel#toLogits} against differences of {@code <u, z~(l)>}.
     */
    @Test
    void derivativeWithRespectToTheLogitsMatchesFiniteDifferences() {
        RandomStream rng = RandomStream.of(8);
        double[][] logitSets = {{0.7, -1.2, 0.1, 2.0, -0.4}, {6.0, -6.0, 0.0, 3.0, -9.0}};
        for (double[] logits : logitSets) {
            int k = logits.length;
            for (int b = 0; b < k; b++) {
                double[] exponentials = new double[k];
                double[] u = new double[k];
                for (int i = 0; i < k; i++) {
                    exponentials[i] = ConditionalGumbel.exponential(rng);
                    u[i] = rng.nextGaussian();
                }
                final int chosen = b;
                INDArray l = Nd4j.createFromArray(logits.clone()).reshape(1, k);
                ElementView lv = ElementView.of(l);
                for (int out = 0; out < k; out++) {
                    final int row = out;
                    double[] numeric = FiniteDifferences.gradient(lv,
                            () -> conditionalAt(lv, chosen, exponentials)[row], 1e-6);
                    double[][] tp = logAndProbabilities(lv.toDoubleArray());
                    double[] zt = new double[k];
                    double[] slope = new double[k];
                    ConditionalGumbel.conditional(tp[0], tp[1], 0, k, chosen, exponentials, zt,
                            slope);
                    double[] analytic = new double[k];
                    for (int j = 0; j < k; j++) {
                        analytic[j] = slope[row] * ((j == row ? 1 : 0) - tp[1][j]);
                    }
                    assertClose(numeric, analytic, 1e-7, 1e-6, "d z~_" + row + " / d l at b="
                            + chosen + ", l=" + Arrays.toString(logits));
                }
                double[] numeric = FiniteDifferences.gradient(lv, () -> {
                    double[] zt = conditionalAt(lv, chosen, exponentials);
                    double s = 0;
                    for (int i = 0; i < k; i++) {
                        s += u[i] * zt[i];
                    }
                    return s;
                }, 1e-6);
                double[][] tp = logAndProbabilities(logits);
                double[] zt = new double[k];
                double[] slope = new double[k];
                ConditionalGumbel.conditional(tp[0], tp[1], 0, k, chosen, exponentials, zt, slope);
                double[] chain = new double[k];
                ConditionalGumbel.toLogits(u, 0, slope, 0, tp[1], k, 1.0, chain, 0);
                assertClose(numeric, chain, 1e-7, 1e-6, "toLogits of <u, z~>");
            }
        }
    }

    private static double[] conditionalAt(ElementView logits, int chosen, double[] exponentials) {
        int k = logits.length();
        double[][] tp = logAndProbabilities(logits.toDoubleArray());
        double[] zt = new double[k];
        double[] slope = new double[k];
        ConditionalGumbel.conditional(tp[0], tp[1], 0, k, chosen, exponentials, zt, slope);
        return zt;
    }

    /** {@code z = t + g} moves one for one with t: its chain rule is the softmax Jacobian. */
    @Test
    void perturbationChainRuleMatchesFiniteDifferences() {
        double[] logits = {0.3, -2.0, 1.1};
        double[] u = {0.5, -1.5, 2.0};
        double[] g = {0.2, 1.7, -0.4};
        INDArray l = Nd4j.createFromArray(logits.clone()).reshape(1, 3);
        ElementView lv = ElementView.of(l);
        double[] numeric = FiniteDifferences.gradient(lv, () -> {
            double[] t = logAndProbabilities(lv.toDoubleArray())[0];
            double s = 0;
            for (int i = 0; i < 3; i++) {
                s += u[i] * (t[i] + g[i]);
            }
            return s;
        }, 1e-6);
        double[] chain = new double[3];
        ConditionalGumbel.toLogits(u, 0, null, 0, logAndProbabilities(logits)[1], 3, 1.0, chain, 0);
        assertClose(numeric, chain, 1e-8, 1e-6, "toLogits of <u, t + g>");
    }

    /** The direct form of z~ and its slope agree with the log form wherever both apply. */
    @Test
    void directAndLogFormsAgree() {
        RandomStream rng = RandomStream.of(12);
        double[] zt = new double[2];
        double[] slope = new double[2];
        double[] exponentials = new double[2];
        double[] logs = new double[1];
        double[] logSlope = new double[1];
        for (int i = 0; i < 10_000; i++) {
            double t = -690 * Math.pow(rng.nextDouble(), 3);
            double[] logProbabilities = {Math.log1p(-Math.exp(t)), t};
            double[] probabilities = {-Math.expm1(t), Math.exp(t)};
            exponentials[0] = ConditionalGumbel.exponential(rng);
            exponentials[1] = ConditionalGumbel.exponential(rng);
            ConditionalGumbel.conditional(logProbabilities, probabilities, 0, 2, 0, exponentials, zt,
                    slope);
            ConditionalGumbel.conditionalInLogs(t, exponentials[1], exponentials[0], logs, logSlope, 0);
            // The direct form's logarithm is ArrayExpLog's, within its absolute bound.
            assertEquals(logs[0], zt[1], 1e-12 * Math.abs(logs[0]) + ArrayExpLog.LOG_ABSOLUTE_ERROR,
                    "z~ at t " + t);
            assertEquals(logSlope[0], slope[1], 1e-12, "slope at t " + t);
        }
    }

    @Test
    void batchedExponentialsAreTheSingleDrawsInOrder() {
        RandomStream one = RandomStream.of(5);
        RandomStream batch = RandomStream.of(5);
        double[] out = new double[1003];
        Arrays.fill(out, -1);
        ConditionalGumbel.exponentials(batch, out, 2, 1000);
        assertEquals(-1, out[1]);
        assertEquals(-1, out[1002]);
        for (int i = 2; i < 1002; i++) {
            assertEquals(ConditionalGumbel.exponential(one), out[i]);
        }
        assertEquals(one.nextLong(), batch.nextLong());
    }

    /**
     * The batched draw and relaxation on three threads give exactly the serial result, on a size
     * above {@link WorkerPool#PARALLEL_WORK} so that the pieces really are spread; and each
     * variable's z~ keeps its argmax with z's code.
     */
    @Test
    void batchedDrawAndRelaxationDoNotDependOnTheNumberOfThreads() {
        int groups = 400;
        int k = 16;
        assertTrue(6L * groups * k >= WorkerPool.PARALLEL_WORK, "the work must be split");
        double[] logits = new double[groups * k];
        RandomStream noise = RandomStream.of(8);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = 3 * noise.nextGaussian();
        }
        CategoricalPosterior q = new CategoricalPosterior(groups, k);
        q.update(ElementView.of(Nd4j.createFromArray(logits).reshape(1, logits.length)), 1);
        double[][] serial = drawAndRelax(q, groups, k, WorkerPool.SERIAL);
        try (WorkerPool three = new WorkerPool(3)) {
            double[][] parallel = drawAndRelax(q, groups, k, three);
            for (int a = 0; a < serial.length; a++) {
                assertArrayEquals(serial[a], parallel[a], "array " + a);
            }
        }
        for (int g = 0; g < groups; g++) {
            int chosen = (int) serial[0][g];
            for (int j = 0; j < k; j++) {
                assertTrue(serial[1][g * k + j] <= serial[1][g * k + chosen] + 1e-9);
                assertTrue(serial[2][g * k + j] <= serial[2][g * k + chosen] + 1e-9);
            }
        }
    }

    /** Codes, z, z~, slopes, and the relaxed z and z~ at lambda 0.5, flattened. */
    private static double[][] drawAndRelax(CategoricalPosterior q, int groups, int k,
            WorkerPool workers) {
        int[] codes = new int[groups];
        double[] z = new double[groups * k];
        double[] zTilde = new double[groups * k];
        double[] slope = new double[groups * k];
        ConditionalGumbel.draw(q.logProbabilities(), q.probabilities(), groups, k,
                RandomStream.of(17), workers, codes, z, zTilde, slope);
        INDArray relaxed = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, groups * k);
        ConditionalGumbel.relax(z, groups, k, 2.0, ElementView.of(relaxed), 0, workers);
        ConditionalGumbel.relax(zTilde, groups, k, 2.0, ElementView.of(relaxed), groups * k,
                workers);
        return new double[][] {Arrays.stream(codes).asDoubleStream().toArray(), z, zTilde, slope,
            relaxed.data().asDouble()};
    }

    /**
     * {@link ConditionalGumbel#drawRelaxed} is {@link ConditionalGumbel#draw} then
     * {@link ConditionalGumbel#relax} at lambda 1/2 from the same stream: the same codes, slopes
     * within 1e-12 (the same formula, where the two-step path takes the direct form), and y, y~
     * within 1e-8 absolute (the two-step path's logarithm and exponential are ArrayExpLog's:
     * an error of 2 LOG_ABSOLUTE_ERROR in {@code 2 z} and EXP_RELATIVE_ERROR in exp); on
     * moderate logits and at logit gaps of hundreds of nats, where y and y~ must stay finite and
     * sum to 1 per variable; on three threads exactly as on one.
     */
    @Test
    void drawRelaxedIsTheDrawAndRelaxationAtLambdaOneHalf() {
        int groups = 400;
        int k = 16;
        for (double spread : new double[] {3.0, 300.0}) {
            double[] logits = new double[groups * k];
            RandomStream noise = RandomStream.of(8);
            for (int i = 0; i < logits.length; i++) {
                logits[i] = spread * noise.nextGaussian();
            }
            CategoricalPosterior q = new CategoricalPosterior(groups, k);
            q.update(ElementView.of(Nd4j.createFromArray(logits).reshape(1, logits.length)), 1);
            double[][] twoStep = drawAndRelax(q, groups, k, WorkerPool.SERIAL);
            double[][] fused = drawRelaxed(q, groups, k, WorkerPool.SERIAL);
            try (WorkerPool three = new WorkerPool(3)) {
                double[][] parallel = drawRelaxed(q, groups, k, three);
                for (int a = 0; a < fused.length; a++) {
                    assertArrayEquals(fused[a], parallel[a], "array " + a);
                }
            }
            assertArrayEquals(twoStep[0], fused[0], "codes at spread " + spread);
            double[] p = q.probabilities();
            double[] directSlopes = twoStep[3].clone();
            double[] fusedSlopes = fused[1].clone();
            for (int i = 0; i < p.length; i++) {
                if (!(p[i] >= ConditionalGumbel.DIRECT_FORM_FLOOR)) {
                    // The log form there: both are 1 to within rounding of e_b pi / e.
                    assertEquals(1.0, fusedSlopes[i], 1e-12);
                    directSlopes[i] = fusedSlopes[i];
                }
            }
            assertClose(directSlopes, fusedSlopes, 1e-12, 1e-12, "slopes at spread " + spread);
            assertClose(twoStep[4], fused[2], 1e-8, 0, "y, y~ at spread " + spread);
            assertAllFinite(fused[2], "y, y~");
            for (int g = 0; g < 2 * groups; g++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += fused[2][g * k + j];
                }
                assertEquals(1.0, sum, 1e-12, "a variable's relaxation sums to 1");
            }
        }
    }

    /** Codes, slopes, and the relaxed z and z~ at lambda 0.5, flattened. */
    private static double[][] drawRelaxed(CategoricalPosterior q, int groups, int k,
            WorkerPool workers) {
        int[] codes = new int[groups];
        double[] slope = new double[groups * k];
        INDArray relaxed = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, groups * k);
        ConditionalGumbel.drawRelaxed(q.probabilities(), groups, k, RandomStream.of(17), workers,
                codes, slope, ElementView.of(relaxed), 0, groups * k);
        return new double[][] {Arrays.stream(codes).asDoubleStream().toArray(), slope,
            relaxed.data().asDouble()};
    }

    /**
     * The fused chain rule {@link ConditionalGumbel#relaxedToLogits} equals
     * {@link SoftmaxJacobian#backward} then {@link ConditionalGumbel#toLogits} to 1e-13 (the
     * order of its sums only), through z and through z~, at K = 7 (the partial sums' tail) and
     * K = 256.
     */
    @Test
    void fusedChainRuleIsTheSoftmaxJacobianThenToLogits() {
        RandomStream rng = RandomStream.of(21);
        for (int k : new int[] {7, 256}) {
            double[] logits = new double[k];
            for (int i = 0; i < k; i++) {
                logits[i] = 2 * rng.nextGaussian();
            }
            double[] p = logAndProbabilities(logits)[1];
            double[] y = new double[k];
            double[] d = new double[k];
            double[] slope = new double[k];
            double norm = 0;
            for (int i = 0; i < k; i++) {
                y[i] = Math.exp(rng.nextGaussian());
                norm += y[i];
                d[i] = rng.nextGaussian();
                slope[i] = rng.nextDouble();
            }
            for (int i = 0; i < k; i++) {
                y[i] /= norm;
            }
            for (double[] s : new double[][] {null, slope}) {
                double[] expected = new double[k];
                double[] actual = new double[k];
                double[] d1 = d.clone();
                SoftmaxJacobian.backward(y, 0, d1, 0, k, k, 2.0);
                ConditionalGumbel.toLogits(d1, 0, s, 0, p, k, -0.7, expected, 0);
                ConditionalGumbel.relaxedToLogits(y, 0, d.clone(), 0, s, 0, p, k, 2.0, -0.7,
                        actual, 0);
                assertClose(expected, actual, 1e-13, 1e-12, "K = " + k
                        + (s == null ? " through z" : " through z~"));
            }
        }
    }
}

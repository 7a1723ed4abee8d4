package io.github.dvae.estimators.indecater;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.QuadraticFunction;
import io.github.dvae.core.testing.SmallTraining;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class IndeCateREstimatorTest {

    private static final IndeCateREstimatorProvider PROVIDER = new IndeCateREstimatorProvider();
    private static final LatentSpec LATENT = LatentSpec.categorical(3, 4);
    private static final int WIDTH = 12;
    /** Two examples' logits, 3 variables of 4 classes each. */
    private static final double[] LOGITS = {1.2, -0.4, 0.1, -0.8, 0.9, 0.3, -1.5, 0.0, 2.0, 0.2,
        -0.6, 0.4, -0.3, 0.8, 0.5, -1.1, 0.0, 1.7, -0.2, 0.6, -2.0, 0.1, 0.9, 0.3};

    private static double[] softmax(double[] l, int from, int k) {
        double[] p = new double[k];
        double z = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(l[from + c]);
            z += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= z;
        }
        return p;
    }

    private static final LatentSpec BERNOULLI = LatentSpec.bernoulli(5);
    /** Two examples' logits for 5 Bernoulli units, one far in each tail. */
    private static final double[] BERNOULLI_LOGITS = {1.2, -0.4, 0.1, -0.8, 40.0, 0.3, -1.5,
        0.0, 2.0, -40.0};

    private static INDArray logits() {
        return Nd4j.createFromArray(LOGITS).reshape(2, WIDTH);
    }

    /**
     * For f additive over variables the other variables' sampled terms are one constant across
     * a variable's classes, which {@code J(pi)^T} removes: IndeCateR is then the exact gradient
     * on every draw. For a linear f, {@code c . z}, that is {@code pi * (c - pi . c)} per
     * variable, in closed form.
     */
    @Test
    void exactOnEveryDrawWhenFIsLinear() {
        double[] c = {2.0, -1.0, 4.0, 0.5, -3.0, 1.5, 0.0, 1.0, -2.0, 3.0, 0.7, -0.2};
        QuadraticFunction linear = QuadraticFunction.linear(c);
        double[] expected = new double[2 * WIDTH];
        for (int g = 0; g < 6; g++) {
            double[] p = softmax(LOGITS, 4 * g, 4);
            double pc = 0;
            for (int k = 0; k < 4; k++) {
                pc += p[k] * c[4 * (g % 3) + k];
            }
            for (int k = 0; k < 4; k++) {
                expected[4 * g + k] = p[k] * (c[4 * (g % 3) + k] - pc);
            }
        }
        GradientEstimator e = PROVIDER.create(new EstimatorConfig(LATENT, 1, DataType.DOUBLE, 0,
                Map.of("samples", "1")));
        FunctionObjective f = new FunctionObjective(linear, 2, WIDTH, DataType.DOUBLE);
        RandomStream rng = RandomStream.of(4);
        for (int i = 0; i < 30; i++) {
            double[] g = ElementView.of(e.estimate(new EstimatorInput(logits(), logits(), i,
                    true), f, rng).gradient()).toDoubleArray();
            assertClose(expected, g, 1e-12, 1e-12, "draw " + i);
        }
    }

    /**
     * The same for Bernoulli units and {@code f = c . b}: {@code sigma (1 - sigma) c} on every
     * draw, including units at logits of +-40, whose slope {@code 4e-18} must not round to 0.
     */
    @Test
    void exactOnEveryDrawWhenFIsLinearInTheBits() {
        double[] c = {2.0, -1.0, 4.0, 0.5, -3.0};
        QuadraticFunction linear = QuadraticFunction.linear(c);
        double[] expected = new double[10];
        for (int i = 0; i < 10; i++) {
            double e = Math.exp(-Math.abs(BERNOULLI_LOGITS[i]));
            expected[i] = e / ((1 + e) * (1 + e)) * c[i % 5];
        }
        GradientEstimator e = PROVIDER.create(new EstimatorConfig(BERNOULLI, 1, DataType.DOUBLE,
                0, Map.of()));
        FunctionObjective f = new FunctionObjective(linear, 2, 5, DataType.DOUBLE);
        INDArray l = Nd4j.createFromArray(BERNOULLI_LOGITS).reshape(2, 5);
        RandomStream rng = RandomStream.of(4);
        for (int i = 0; i < 30; i++) {
            double[] g = ElementView.of(e.estimate(new EstimatorInput(l, l, i, true), f, rng)
                    .gradient()).toDoubleArray();
            assertClose(expected, g, 0, 1e-12, "draw " + i);
        }
    }

    /** An objective that records the rows of each call and its target, around another. */
    private static final class Recording implements Objective {
        final Objective inner;
        final List<int[]> plainCodes = new ArrayList<>();
        final List<Integer> valueRows = new ArrayList<>();
        int plainRows;

        Recording(Objective inner) {
            this.inner = inner;
        }

        @Override
        public int examples() {
            return inner.examples();
        }

        @Override
        public int inputWidth() {
            return inner.inputWidth();
        }

        @Override
        public double[] values(DecoderInput z) {
            valueRows.add(z.rows());
            return inner.values(z);
        }

        @Override
        public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
            assertEquals(Target.PARAMETERS, target, "the plain samples train the decoder only");
            plainRows = z.rows();
            plainCodes.add(z instanceof DecoderInput.OneHot h
                    ? java.util.Arrays.copyOf(h.codes(), h.rows() * h.variables())
                    : java.util.Arrays.copyOf(((DecoderInput.Bits) z).bits(),
                            z.rows() * ((DecoderInput.Bits) z).variables()));
            for (int r = 0; r < z.rows(); r++) {
                assertEquals(1.0 / (z.rows() / examples()), weights[r], 1e-15,
                        "each plain sample weighs 1/S");
            }
            return inner.differentiate(z, weights, target);
        }
    }

    /**
     * Every draw against an independent slow implementation from the samples the estimator drew:
     * {@code F_ik = (1/S) sum_s f(z^s with z_i = k)} evaluated one row at a time, then
     * {@code pi * (F - pi . F)} per categorical variable, or {@code sigma (1 - sigma) (F_1 -
     * F_0)} per Bernoulli unit; and the decoder evaluations are S plain rows per example plus
     * {@code S N (K - 1)} substituted ones, in as few calls as the row budget allows.
     */
    @Test
    void everyDrawIsTheSlowFormulaAtTheSamplesDrawn() {
        slowFormulaAtTheSamplesDrawn(LATENT, LOGITS);
        slowFormulaAtTheSamplesDrawn(BERNOULLI, BERNOULLI_LOGITS);
    }

    private static void slowFormulaAtTheSamplesDrawn(LatentSpec spec, double[] logits) {
        int n = spec.variables();
        int k = spec.classes();
        int logitWidth = spec.bernoulli() ? n : n * k;
        int width = spec.bernoulli() ? n : n * k;
        INDArray l = Nd4j.createFromArray(logits).reshape(2, logitWidth);
        QuadraticFunction quadratic = QuadraticFunction.random(width, 9);
        FunctionObjective f = new FunctionObjective(quadratic, 2, width, DataType.DOUBLE);
        int samples = 3;
        for (int budget : new int[] {IndeCateREstimator.ROWS_PER_CALL, 10, 1}) {
            IndeCateREstimator e = new IndeCateREstimator(spec, samples, budget,
                    DataType.DOUBLE);
            RandomStream rng = RandomStream.of(31);
            for (int draw = 0; draw < 5; draw++) {
                Recording spy = new Recording(f);
                EstimatorStep step = e.estimate(new EstimatorInput(l, l, draw, true), spy, rng);
                double[] actual = ElementView.of(step.gradient()).toDoubleArray();
                int[] codes = spy.plainCodes.get(0);
                double[] expected = new double[2 * logitWidth];
                double[] objective = new double[2];
                for (int b = 0; b < 2; b++) {
                    for (int i = 0; i < n; i++) {
                        double[] classValue = new double[k];
                        for (int c = 0; c < k; c++) {
                            for (int s = 0; s < samples; s++) {
                                int[] row = java.util.Arrays.copyOfRange(codes,
                                        (s * 2 + b) * n, (s * 2 + b + 1) * n);
                                row[i] = c;
                                classValue[c] += quadratic.value(b, decoderRow(spec, row))
                                        / samples;
                            }
                        }
                        if (spec.bernoulli()) {
                            double sigma = 1 / (1 + Math.exp(-logits[b * n + i]));
                            expected[b * n + i] = sigma * (1 - sigma)
                                    * (classValue[1] - classValue[0]);
                        } else {
                            double[] p = softmax(logits, (b * n + i) * k, k);
                            double pf = 0;
                            for (int c = 0; c < k; c++) {
                                pf += p[c] * classValue[c];
                            }
                            for (int c = 0; c < k; c++) {
                                expected[(b * n + i) * k + c] = p[c] * (classValue[c] - pf);
                            }
                        }
                    }
                    for (int s = 0; s < samples; s++) {
                        int[] row = java.util.Arrays.copyOfRange(codes, (s * 2 + b) * n,
                                (s * 2 + b + 1) * n);
                        objective[b] += quadratic.value(b, decoderRow(spec, row)) / samples;
                    }
                }
                String where = spec + ", budget " + budget + ", draw " + draw;
                assertClose(expected, actual, 1e-12, 1e-12, where);
                assertClose(objective, step.objective(), 1e-12, 1e-12, "objective, " + where);
                assertEquals(samples * 2, spy.plainRows);
                int substituted = spy.valueRows.stream().mapToInt(Integer::intValue).sum();
                assertEquals(samples * n * (k - 1) * 2, substituted, "S N (K-1) rows per example");
                int blocksPerCall = Math.max(1, budget / 2);
                assertEquals((samples * n * (k - 1) + blocksPerCall - 1) / blocksPerCall,
                        spy.valueRows.size(), "calls for a budget of " + budget + " rows");
            }
        }
    }

    /** The decoder's input for one row of codes: one-hot vectors, or the bits themselves. */
    private static double[] decoderRow(LatentSpec spec, int[] codes) {
        if (spec.bernoulli()) {
            double[] z = new double[codes.length];
            for (int v = 0; v < codes.length; v++) {
                z[v] = codes[v];
            }
            return z;
        }
        double[] z = new double[codes.length * spec.classes()];
        for (int v = 0; v < codes.length; v++) {
            z[v * spec.classes() + codes[v]] = 1;
        }
        return z;
    }

    /**
     * 30 Adam steps of 8 images on the small preset: few, since each step costs 362 decoder
     * evaluations per example at S = 2.
     */
    @Test
    void trainsTheSmallPreset() {
        SmallTraining.Result r = SmallTraining.run(PROVIDER, Map.of(), 30, 8, 2e-3, 1);
        System.out.println("indecater, 30 steps: " + r);
        assertTrue(r.improvement() > 100, r.toString());
    }

    @Test
    void refusesZeroSamples() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> PROVIDER.create(EstimatorConfig.of(LATENT, 6).withOption("samples", "0")));
        assertTrue(e.getMessage().contains("'indecater'") && e.getMessage().contains("samples=0"),
                e.getMessage());
    }
}

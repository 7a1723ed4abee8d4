package io.github.dvae.estimators.vq;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code vq} estimator on a hand-made batch: N = 2 vectors of D = 2 per example, K = 3
 * entries, B = 2 examples, in double. Entries {@code (0, 0), (1, 1), (-1, 2)}; the four encoder
 * vectors sit near entries 0, 1, 1, 0, and entry 2 is never chosen.
 */
class VqEstimatorTest {

    static final LatentSpec SPEC = new LatentSpec(2, 3, 2);
    static final double[] ENTRIES = {0, 0, 1, 1, -1, 2};
    static final double[][] ENCODED = {{0.1, -0.2, 0.9, 1.2}, {1.1, 0.8, 0.2, 0.1}};
    static final int BATCH = 2;
    static final int ROWS = 4;
    static final int D = 2;

    static VqEstimator estimator(Map<String, String> options) {
        GradientEstimator e = new VqEstimatorProvider().create(new EstimatorConfig(SPEC, 6,
                DataType.DOUBLE, 17L, options));
        VqEstimator vq = (VqEstimator) e;
        ElementView c = ElementView.of(vq.codebook());
        for (int i = 0; i < ENTRIES.length; i++) {
            c.set(i, ENTRIES[i]);
        }
        return vq;
    }

    static INDArray encoded() {
        return Nd4j.createFromArray(ENCODED);
    }

    /** Nearest entry of each of the four vectors, by brute force over {@code entries}. */
    static int[] nearest(double[] z, double[] entries) {
        int k = entries.length / D;
        int[] codes = new int[z.length / D];
        for (int r = 0; r < codes.length; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int d = 0; d < D; d++) {
                    double diff = z[r * D + d] - entries[c * D + d];
                    s += diff * diff;
                }
                if (s < best) {
                    best = s;
                    codes[r] = c;
                }
            }
        }
        return codes;
    }

    static double[] gathered(int[] codes, double[] entries) {
        double[] out = new double[codes.length * D];
        for (int r = 0; r < codes.length; r++) {
            System.arraycopy(entries, codes[r] * D, out, r * D, D);
        }
        return out;
    }

    private static EstimatorStep step(GradientEstimator e, INDArray z, RecordingObjective f,
            boolean training, long seed) {
        return e.estimate(new EstimatorInput(z, z, 0, training), f, RandomStream.of(seed));
    }

    @Test
    void decoderReadsTheNearestEntriesAndTheGradientIsCopiedStraightThrough() {
        VqEstimator e = estimator(Map.of("beta", "0"));
        RecordingObjective f = new RecordingObjective(BATCH, SPEC.variables() * D);
        INDArray z = encoded();
        double[] zValues = ElementView.of(z).toDoubleArray();
        EstimatorStep s = step(e, z, f, false, 1);
        int[] codes = nearest(zValues, ENTRIES);
        assertArrayEquals(new int[] {0, 1, 1, 0}, codes, "the batch is built to hit 0, 1, 1, 0");
        assertArrayEquals(gathered(codes, ENTRIES), f.lastInput, 0.0,
                "the decoder reads the nearest entries");
        assertArrayEquals(f.lastInputGradient, ElementView.of(s.gradient()).toDoubleArray(), 0.0,
                "with beta = 0 the encoder gets the decoder-input gradient, bit for bit");
        assertArrayEquals(new long[] {BATCH, SPEC.variables() * D}, s.gradient().shape());
    }

    @Test
    void commitmentGradientMatchesFiniteDifferences() {
        double beta = 0.37;
        VqEstimator e = estimator(Map.of("beta", Double.toString(beta)));
        RecordingObjective f = new RecordingObjective(BATCH, SPEC.variables() * D);
        INDArray z = encoded();
        EstimatorStep s = step(e, z, f, false, 1);
        double[] returned = ElementView.of(s.gradient()).toDoubleArray();
        double[] commitmentPart = new double[returned.length];
        for (int i = 0; i < returned.length; i++) {
            commitmentPart[i] = returned[i] - f.lastInputGradient[i];
        }
        // The estimator returns ascent directions: the commitment loss contributes -dL/dz.
        ElementView zv = ElementView.of(z);
        double[] fd = FiniteDifferences.gradient(zv, () -> {
            double[] values = zv.toDoubleArray();
            double[] q = gathered(nearest(values, ENTRIES), ENTRIES);
            double loss = 0;
            for (int i = 0; i < values.length; i++) {
                loss += beta * (values[i] - q[i]) * (values[i] - q[i]);
            }
            return -loss;
        }, 1e-6);
        assertClose(fd, commitmentPart, 1e-8, 1e-6, "commitment gradient");
        assertTrue(maxAbs(fd) > 0.01, "the check is not vacuous");
    }

    @Test
    void codebookGradientMatchesFiniteDifferencesOfTheMeanCodebookLoss() {
        VqEstimator e = estimator(Map.of());
        Parameter codebook = e.parameters().get(0);
        assertEquals("vq.codebook", codebook.name());
        codebook.zeroGradient();
        INDArray z = encoded();
        double[] zValues = ElementView.of(z).toDoubleArray();
        int[] codes = nearest(zValues, ENTRIES);
        step(e, z, new RecordingObjective(BATCH, SPEC.variables() * D), false, 1);
        double[] analytic = codebook.gradients().toDoubleArray();
        // Descent on the batch mean of sum_n ||sg[z_e] - e||^2, assignments held fixed.
        double[] fd = FiniteDifferences.gradient(codebook.values(), () -> {
            double[] entries = codebook.values().toDoubleArray();
            double[] q = gathered(codes, entries);
            double loss = 0;
            for (int i = 0; i < zValues.length; i++) {
                loss += (zValues[i] - q[i]) * (zValues[i] - q[i]);
            }
            return loss / BATCH;
        }, 1e-6);
        assertClose(fd, analytic, 1e-8, 1e-6, "codebook gradient");
        assertEquals(0.0, analytic[4], 0.0, "entry 2 is unused and gets no gradient");
        assertTrue(maxAbs(fd) > 0.01, "the check is not vacuous");
    }

    @Test
    void oneEmaUpdateGivesTheDecayedMeansComputedByHand() {
        VqEstimator e = estimator(Map.of("codebook", "ema", "decay", "0.5", "epsilon", "0.1",
                "beta", "0.25"));
        assertTrue(e.parameters().isEmpty(), "an EMA codebook is not trained by Adam");
        RecordingObjective f = new RecordingObjective(BATCH, SPEC.variables() * D);
        INDArray z = encoded();
        // A probe leaves the codebook alone.
        step(e, z, f, false, 1);
        assertArrayEquals(ENTRIES, ElementView.of(e.codebook()).toDoubleArray(), 0.0);

        EstimatorStep s = step(e, z, f, true, 1);
        // Quantisation used the entries before the update: decoder input and commitment term.
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 0, 0}, f.lastInput, 0.0);
        double[] returned = ElementView.of(s.gradient()).toDoubleArray();
        double[] zValues = ElementView.of(z).toDoubleArray();
        for (int i = 0; i < returned.length; i++) {
            assertEquals(f.lastInputGradient[i] - 2 * 0.25 * (zValues[i] - f.lastInput[i]),
                    returned[i], 1e-15, "gradient element " + i);
        }
        // By hand, decay 0.5, from N = (1, 1, 1), m_k = e_k:
        //   n = (2, 2, 0)                       N = 0.5 * 1 + 0.5 * n = (1.5, 1.5, 0.5)
        //   m0 = 0.5 (0, 0) + 0.5 ((0.1, -0.2) + (0.2, 0.1)) = (0.15, -0.05)
        //   m1 = 0.5 (1, 1) + 0.5 ((0.9, 1.2) + (1.1, 0.8)) = (1.5, 1.5)
        //   m2 = 0.5 (-1, 2)                                 = (-0.5, 1.0)
        //   smoothed N_k = (N_k + 0.1) / (3.5 + 3 * 0.1) * 3.5
        double total = 3.5;
        double n0 = (1.5 + 0.1) / (total + 0.3) * total;
        double n1 = (1.5 + 0.1) / (total + 0.3) * total;
        double n2 = (0.5 + 0.1) / (total + 0.3) * total;
        double[] expected = {0.15 / n0, -0.05 / n0, 1.5 / n1, 1.5 / n1, -0.5 / n2, 1.0 / n2};
        assertArrayEquals(expected, ElementView.of(e.codebook()).toDoubleArray(), 1e-12);

        // The next step quantises against the updated entries.
        step(e, z, f, false, 1);
        assertArrayEquals(gathered(nearest(zValues, expected), expected), f.lastInput, 1e-12);
    }

    @Test
    void deadEntriesAreResetToEncoderOutputsOfTheBatch() {
        for (String update : new String[] {"loss", "ema"}) {
            VqEstimator e = estimator(Map.of("codebook", update, "dead-after", "2"));
            RecordingObjective f = new RecordingObjective(BATCH, SPEC.variables() * D);
            INDArray z = encoded();
            double[] zValues = ElementView.of(z).toDoubleArray();
            step(e, z, f, true, 1);
            double[] afterOne = ElementView.of(e.codebook()).toDoubleArray();
            // (An unused EMA entry moves by the count smoothing only: a few parts in 10^7.)
            assertArrayEquals(new double[] {-1, 2}, new double[] {afterOne[4], afterOne[5]}, 1e-6,
                    update + ": unused once, not yet dead");
            assertEquals(0.0, e.diagnostics().get("dead-code-resets"));
            step(e, z, f, true, 1);
            double[] afterTwo = ElementView.of(e.codebook()).toDoubleArray();
            boolean isARow = false;
            for (int r = 0; r < ROWS; r++) {
                isARow |= afterTwo[4] == zValues[r * D] && afterTwo[5] == zValues[r * D + 1];
            }
            assertTrue(isARow, update + ": entry 2 is reset to an encoder output, got ("
                    + afterTwo[4] + ", " + afterTwo[5] + ")");
            assertEquals(1.0, e.diagnostics().get("dead-code-resets"));
        }
    }

    @Test
    void diagnosticsReportPerplexityUsageAndQuantisationError() {
        VqEstimator e = estimator(Map.of());
        assertTrue(Double.isNaN(e.diagnostics().get("perplexity")), "nothing measured yet");
        INDArray z = encoded();
        step(e, z, new RecordingObjective(BATCH, SPEC.variables() * D), true, 1);
        Map<String, Double> d = e.diagnostics();
        // Codes 0, 1, 1, 0: usage (1/2, 1/2, 0), entropy log 2, perplexity 2; 2 of 3 entries.
        assertEquals(2.0, d.get("perplexity"), 1e-12);
        assertEquals(2.0 / 3.0, d.get("codebook-usage"), 1e-12);
        double[] zValues = ElementView.of(z).toDoubleArray();
        double[] q = {0, 0, 1, 1, 1, 1, 0, 0};
        double error = 0;
        for (int i = 0; i < q.length; i++) {
            error += (zValues[i] - q[i]) * (zValues[i] - q[i]);
        }
        assertEquals(error / BATCH, d.get("quantisation-error"), 1e-12);
    }

    @Test
    void theFamilyHasAConstantKlAndHardNearestEvaluationSamples() {
        VqEstimator e = estimator(Map.of());
        LatentFamily family = e.family();
        assertEquals(4, family.encoderWidth());
        assertEquals(4, family.decoderWidth());
        INDArray z = encoded();
        double[] kl = new double[BATCH];
        INDArray gradient = Nd4j.valueArrayOf(new long[] {BATCH, 4}, 7.0, DataType.DOUBLE);
        family.divergence(z, kl, gradient, 0.5);
        assertArrayEquals(new double[] {2 * Math.log(3), 2 * Math.log(3)}, kl, 1e-15,
                "KL = N log K");
        for (double g : ElementView.of(gradient).toDoubleArray()) {
            assertEquals(7.0, g, 0.0, "a constant KL adds no gradient");
        }
        DecoderInput sample = family.evaluationSample(z, RandomStream.of(3));
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 0, 0},
                ElementView.of(((DecoderInput.Dense) sample).values()).toDoubleArray(), 0.0);

        DecoderInput prior = family.priorSample(300, RandomStream.of(4));
        double[] p = ElementView.of(((DecoderInput.Dense) prior).values()).toDoubleArray();
        Set<Integer> seen = new HashSet<>();
        for (int r = 0; r < 600; r++) {
            int match = -1;
            for (int k = 0; k < 3; k++) {
                if (p[r * D] == ENTRIES[k * D] && p[r * D + 1] == ENTRIES[k * D + 1]) {
                    match = k;
                }
            }
            assertNotEquals(-1, match, "prior row " + r + " is an entry");
            seen.add(match);
        }
        assertEquals(3, seen.size(), "the prior reaches every entry");
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

package io.github.dvae.estimators.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code vq-gumbel} estimator and its latent family on the hand-made batch of
 * {@link VqEstimatorTest}: the straight-through forward, the family's KL at its limits, and its
 * evaluation samples against the categorical posterior. Its relaxed backward pass is checked by
 * finite differences in {@link ModelGradientTest}.
 */
class GumbelVqEstimatorTest {

    private static final int D = 2;
    private static final int K = 3;

    static GumbelVqEstimator estimator(LatentSpec spec, Map<String, String> options) {
        GumbelVqEstimator e = (GumbelVqEstimator) new GumbelVqEstimatorProvider().create(
                new EstimatorConfig(spec, 6, DataType.DOUBLE, 17L, options));
        ElementView c = ElementView.of(e.codebook());
        for (int i = 0; i < VqEstimatorTest.ENTRIES.length; i++) {
            c.set(i, VqEstimatorTest.ENTRIES[i]);
        }
        return e;
    }

    /** {@code argmax_k (-scale ||z_r - e_k||^2 + g_rk) / tau}, noise drawn in row-major order. */
    private static int[] perturbedArgmax(double[] z, double scale, double tau, long seed) {
        RandomStream rng = RandomStream.of(seed);
        int[] codes = new int[z.length / D];
        for (int r = 0; r < codes.length; r++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                double s = 0;
                for (int d = 0; d < D; d++) {
                    double diff = z[r * D + d] - VqEstimatorTest.ENTRIES[k * D + d];
                    s += diff * diff;
                }
                double a = (-scale * s + rng.nextGumbel()) / tau;
                if (a > best) {
                    best = a;
                    codes[r] = k;
                }
            }
        }
        return codes;
    }

    @Test
    void hardForwardReadsThePerturbedArgmaxAndBacksUpAsTheRelaxationDoes() {
        Map<String, String> options = Map.of("tau", "0.6", "scale", "0.8");
        GumbelVqEstimator hard = estimator(VqEstimatorTest.SPEC, withHard(options, true));
        GumbelVqEstimator relaxed = estimator(VqEstimatorTest.SPEC, withHard(options, false));
        INDArray z = VqEstimatorTest.encoded();
        double[] zValues = ElementView.of(z).toDoubleArray();
        // A linear f has the same input gradient wherever it is evaluated, so the
        // straight-through backward pass must equal the relaxed one exactly, noise for noise.
        RecordingObjective fHard = new RecordingObjective(2, 4, true);
        RecordingObjective fRelaxed = new RecordingObjective(2, 4, true);
        EstimatorStep sHard = hard.estimate(new EstimatorInput(z, z, 0, true), fHard,
                RandomStream.of(8));
        EstimatorStep sRelaxed = relaxed.estimate(new EstimatorInput(z, z, 0, true), fRelaxed,
                RandomStream.of(8));

        int[] codes = perturbedArgmax(zValues, 0.8, 0.6, 8);
        assertArrayEquals(VqEstimatorTest.gathered(codes, VqEstimatorTest.ENTRIES), fHard.lastInput,
                0.0, "the hard decoder input is the entry of argmax(l + g)");
        boolean relaxedDiffers = false;
        for (int i = 0; i < fRelaxed.lastInput.length; i++) {
            relaxedDiffers |= Math.abs(fRelaxed.lastInput[i] - fHard.lastInput[i]) > 1e-3;
        }
        assertTrue(relaxedDiffers, "the relaxed input is a mixture, not an entry");
        assertArrayEquals(ElementView.of(sRelaxed.gradient()).toDoubleArray(),
                ElementView.of(sHard.gradient()).toDoubleArray(), 1e-12, "encoder gradient");
        Parameter ch = hard.parameters().get(0);
        Parameter cr = relaxed.parameters().get(0);
        assertArrayEquals(cr.gradients().toDoubleArray(), ch.gradients().toDoubleArray(), 1e-12,
                "codebook gradient");
        assertTrue(VqEstimatorTest.maxAbs(ch.gradients().toDoubleArray()) > 0.01,
                "the codebook gets a gradient");

        // Diagnostics count the hard codes of the training batch.
        int[] counts = new int[K];
        for (int c : codes) {
            counts[c]++;
        }
        double entropy = 0;
        int used = 0;
        for (int c : counts) {
            if (c > 0) {
                entropy -= c / 4.0 * Math.log(c / 4.0);
                used++;
            }
        }
        assertEquals(Math.exp(entropy), hard.diagnostics().get("perplexity"), 1e-12);
        assertEquals(used / 3.0, hard.diagnostics().get("codebook-usage"), 1e-12);
    }

    private static Map<String, String> withHard(Map<String, String> options, boolean hard) {
        Map<String, String> m = new java.util.HashMap<>(options);
        m.put("hard", Boolean.toString(hard));
        return m;
    }

    @Test
    void klIsZeroForAUniformPosteriorAndNLogKForASharpOne() {
        GumbelVqEstimator e = estimator(VqEstimatorTest.SPEC, Map.of("scale", "1000"));
        LatentFamily family = e.family();
        double[] kl = new double[2];
        // Each vector exactly at an entry, the others at squared distance >= 2: q is one-hot
        // to within exp(-2000).
        INDArray atEntries = Nd4j.createFromArray(new double[][] {{0, 0, 1, 1}, {-1, 2, 0, 0}});
        family.divergence(atEntries, kl, null, 0);
        assertEquals(2 * Math.log(3), kl[0], 1e-9);
        assertEquals(2 * Math.log(3), kl[1], 1e-9);
        // All entries equal: every logit is the same, q is uniform.
        ElementView.of(e.codebook()).fill(0.5);
        family.divergence(VqEstimatorTest.encoded(), kl, null, 0);
        assertEquals(0.0, kl[0], 1e-12);
        assertEquals(0.0, kl[1], 1e-12);
    }

    @Test
    void evaluationSamplesAreEntriesDrawnFromTheCategoricalPosterior() {
        LatentSpec one = new LatentSpec(1, K, D);
        GumbelVqEstimator e = estimator(one, Map.of("scale", "1.0"));
        int draws = 20_000;
        double[] z = {0.4, 0.5};
        INDArray encoded = Nd4j.create(DataType.DOUBLE, draws, D);
        ElementView ev = ElementView.of(encoded);
        for (int i = 0; i < draws; i++) {
            ev.set(i * D, z[0]);
            ev.set(i * D + 1, z[1]);
        }
        DecoderInput sample = e.family().evaluationSample(encoded, RandomStream.of(9));
        double[] rows = ElementView.of(((DecoderInput.Dense) sample).values()).toDoubleArray();
        int[] seen = new int[K];
        for (int r = 0; r < draws; r++) {
            for (int k = 0; k < K; k++) {
                if (rows[r * D] == VqEstimatorTest.ENTRIES[k * D]
                        && rows[r * D + 1] == VqEstimatorTest.ENTRIES[k * D + 1]) {
                    seen[k]++;
                }
            }
        }
        // Squared distances 0.41, 0.61, 4.21: q = softmax(-d^2).
        double[] q = ModelGradientTest.softmax(new double[] {-0.41, -0.61, -4.21});
        int total = 0;
        for (int k = 0; k < K; k++) {
            total += seen[k];
            assertEquals(q[k], seen[k] / (double) draws,
                    4.5 * Math.sqrt(q[k] * (1 - q[k]) / draws), "frequency of entry " + k);
        }
        assertEquals(draws, total, "every sample is an entry");
    }
}

package io.github.dvae.experiments.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientVarianceProbeTest {

    /** Logits and f(k) of one categorical variable with K = 4 classes. */
    private static final double[] LOGITS = {0.3, -1.2, 0.8, 0.0};
    private static final double[] F = {-3.0, 1.0, 4.0, -0.5};

    /**
     * REINFORCE with one sample on one categorical variable, f fixed: the estimate of
     * d E[f] / d l_k is g_k = f(z) (1[z = k] - pi_k), so E[g_k] = pi_k (f_k - fbar) and
     * E[g_k^2] = pi_k f_k^2 (1 - pi_k)^2 + pi_k^2 sum_{j != k} pi_j f_j^2.
     */
    private static double closedFormMeanVariance() {
        double[] pi = softmax(LOGITS);
        double fbar = 0;
        for (int k = 0; k < pi.length; k++) {
            fbar += pi[k] * F[k];
        }
        double sum = 0;
        for (int k = 0; k < pi.length; k++) {
            double mean = pi[k] * (F[k] - fbar);
            double second = pi[k] * F[k] * F[k] * (1 - pi[k]) * (1 - pi[k]);
            for (int j = 0; j < pi.length; j++) {
                if (j != k) {
                    second += pi[k] * pi[k] * pi[j] * F[j] * F[j];
                }
            }
            sum += second - mean * mean;
        }
        return sum / pi.length;
    }

    private static GradientVarianceProbe.EstimateSource reinforceOnOneVariable() {
        LatentSpec spec = LatentSpec.categorical(1, LOGITS.length);
        GradientEstimator reinforce = Estimators.find("reinforce").create(
                new EstimatorConfig(spec, 1, DataType.DOUBLE, 0, Map.of()));
        INDArray logits = Nd4j.createFromArray(new double[][] {LOGITS});
        INDArray data = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        FunctionObjective f = new FunctionObjective(new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                double v = 0;
                for (int k = 0; k < z.length; k++) {
                    v += F[k] * z[k];
                }
                return v;
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                System.arraycopy(F, 0, gradient, 0, F.length);
                return value(example, z);
            }
        }, 1, LOGITS.length, DataType.DOUBLE);
        return rng -> new GradientVarianceProbe.Estimate(new double[0], ElementView.of(
                reinforce.estimate(new EstimatorInput(logits, data, 0, false), f, rng)
                        .gradient()).toDoubleArray());
    }

    @Test
    void measuresTheClosedFormVarianceOfReinforceOnOneCategorical() {
        GradientVarianceProbe.Moments m = GradientVarianceProbe.measure(reinforceOnOneVariable(),
                20_000, RandomStream.of(11));
        double expected = closedFormMeanVariance();
        // 20,000 estimates: the sample variance is within a few per cent of the truth.
        assertEquals(expected, m.logits().meanVariance(), 0.05 * expected);
        assertEquals(Math.log10(expected), m.logitLog10Variance(), 0.03);
    }

    @Test
    void estimatesThatShareTheirRandomnessAreCaught() {
        // The bug a probe must not have: every estimate drawn from the same stream state (the
        // same seed each time), so all M estimates are one sample repeated.
        GradientVarianceProbe.EstimateSource source = reinforceOnOneVariable();
        GradientVarianceProbe.EstimateSource shared = rng -> source.draw(RandomStream.of(11));
        double expected = closedFormMeanVariance();
        double measured = GradientVarianceProbe.measure(shared, 2_000, RandomStream.of(11))
                .logits().meanVariance();
        assertTrue(Math.abs(measured - expected) > 0.5 * expected,
                "a shared stream gives variance " + measured + ", the truth is " + expected);
        // And the probe's own splitting gives different estimates from one parent stream.
        double independent = GradientVarianceProbe.measure(source, 2_000, RandomStream.of(11))
                .logits().meanVariance();
        assertEquals(expected, independent, 0.15 * expected);
    }

    private static Vae tinyVae(GradientEstimator estimator) {
        return new Vae(VaeArchitecture.parse("12-6-(2x3)-6-12"), estimator, Adam.Settings.of(1e-2),
                DataType.FLOAT, RandomStream.of(5));
    }

    private static GradientEstimator estimator(String spec, VaeArchitecture a) {
        io.github.dvae.core.estimator.EstimatorSpec parsed =
                io.github.dvae.core.estimator.EstimatorSpec.parse(spec);
        return Estimators.find(parsed.id()).create(new EstimatorConfig(a.latent(),
                a.dataWidth(), DataType.FLOAT, 3, parsed.options()));
    }

    private static INDArray binaryBatch(int rows, int width, long seed) {
        INDArray x = Nd4j.create(DataType.FLOAT, rows, width);
        ElementView v = ElementView.of(x);
        RandomStream rng = RandomStream.of(seed);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, rng.nextBernoulli(0.4) ? 1 : 0);
        }
        return x;
    }

    @Test
    void theExactEstimatorHasNoVarianceAndNoBias() {
        VaeArchitecture a = VaeArchitecture.parse("12-6-(2x3)-6-12");
        GradientEstimator exact = estimator("exact", a);
        Vae vae = tinyVae(exact);
        GradientVarianceProbe.Measurement r = new GradientVarianceProbe(vae,
                binaryBatch(8, 12, 1), exact, estimator("exact", a), "exact", 5)
                .measure(RandomStream.of(2));
        assertEquals(Double.NEGATIVE_INFINITY, r.moments().log10Variance());
        assertNotNull(r.bias());
        assertEquals("exact", r.reference());
        assertEquals(0.0, r.bias().relativeError(), 1e-6);
        assertEquals(1.0, r.bias().cosine(), 1e-6);
    }

    @Test
    void reinforceIsUnbiasedAgainstExactAndGumbelSoftmaxIsNot() {
        VaeArchitecture a = VaeArchitecture.parse("12-6-(2x3)-6-12");
        INDArray batch = binaryBatch(8, 12, 1);
        GradientEstimator reinforce = estimator("reinforce", a);
        GradientVarianceProbe.Measurement r = new GradientVarianceProbe(tinyVae(reinforce),
                batch, reinforce, estimator("exact", a), "exact", 600)
                .measure(RandomStream.of(2));
        assertTrue(r.bias().maxAbsZ() < 4.5, "unbiased: max |z| " + r.bias().maxAbsZ());
        assertTrue(Double.isFinite(r.moments().log10Variance())
                && r.moments().parameters().meanSignalToNoise() > 0);

        GradientEstimator relaxed = estimator("gumbel-softmax:tau=2.0", a);
        GradientVarianceProbe.Measurement g = new GradientVarianceProbe(tinyVae(relaxed),
                batch, relaxed, estimator("exact", a), "exact", 600)
                .measure(RandomStream.of(2));
        assertTrue(g.bias().maxAbsZ() > 6, "a relaxation at tau=2 is biased: max |z| "
                + g.bias().maxAbsZ());
    }

    @Test
    void anEstimatedReferenceIsDrawnOnlyWhenAskedAndChangesNoOtherNumber() {
        VaeArchitecture a = VaeArchitecture.parse("12-6-(2x3)-6-12");
        INDArray batch = binaryBatch(8, 12, 1);
        GradientEstimator relaxed = estimator("gumbel-softmax:tau=2.0", a);
        Vae vae = tinyVae(relaxed);
        GradientVarianceProbe plain = new GradientVarianceProbe(vae, batch, relaxed, null, "",
                50);
        GradientVarianceProbe noisy = new GradientVarianceProbe(vae, batch, relaxed,
                estimator("reinforce:baseline=loo,samples=4", a), "reinforce", 50, 400);
        RandomStream first = RandomStream.of(5);
        RandomStream second = RandomStream.of(5);
        GradientVarianceProbe.Measurement early = noisy.measure(first, false);
        assertEquals(null, early.bias(), "no reference drawn before the last probe");
        assertEquals("", early.reference());
        assertEquals(plain.measure(second, false).moments().log10Variance(),
                early.moments().log10Variance());
        GradientVarianceProbe.Measurement last = noisy.measure(first, true);
        assertEquals(plain.measure(second).moments().log10Variance(),
                last.moments().log10Variance(), "the stream of the estimates is unchanged");
        // Against the exact gradient, the same relaxation's bias (tau = 2) is large; the
        // estimated one sees it too, well beyond the noise of 400 draws.
        GradientVarianceProbe.Measurement exact = new GradientVarianceProbe(vae, batch, relaxed,
                estimator("exact", a), "exact", 50).measure(RandomStream.of(5));
        assertEquals(exact.bias().relativeError(), last.bias().relativeError(),
                0.35 * exact.bias().relativeError(), "estimated " + last.bias().relativeError()
                + " vs exact " + exact.bias().relativeError());
    }

    @Test
    void probingDoesNotChangeTraining() {
        VaeArchitecture a = VaeArchitecture.parse("12-6-(2x3)-6-12");
        INDArray batch = binaryBatch(8, 12, 1);
        GradientEstimator probed = estimator("reinforce:baseline=ema", a);
        Vae withProbe = tinyVae(probed);
        Vae without = tinyVae(estimator("reinforce:baseline=ema", a));
        RandomStream trainA = RandomStream.of(9);
        RandomStream trainB = RandomStream.of(9);
        for (int step = 0; step < 3; step++) {
            new GradientVarianceProbe(withProbe, batch, probed, null, "exact", 10)
                    .measure(RandomStream.of(100 + step));
            withProbe.trainStep(batch, trainA);
            without.trainStep(batch, trainB);
        }
        for (int i = 0; i < withProbe.parameters().size(); i++) {
            Parameter p = withProbe.parameters().get(i);
            assertArrayEquals(without.parameters().get(i).values().toDoubleArray(),
                    p.values().toDoubleArray(), p.name());
        }
    }

    @Test
    void twoThreadsGiveTheRecordsOfOneForEstimatorsWithStateStepsAndParameters() {
        // A moving baseline (state), an annealed temperature (the step count), RELAX's
        // surrogate (parameters) and a noisy reference drawn on copies too; M = 7 leaves the
        // last wave of two half empty. Each model has trained a few steps, so no state is at
        // its initial value.
        VaeArchitecture a = VaeArchitecture.parse("12-6-(2x3)-6-12");
        INDArray batch = binaryBatch(8, 12, 1);
        for (String spec : List.of("reinforce:baseline=ema",
                "gumbel-softmax:tau=2.0,anneal-rate=0.3,anneal-every=1", "relax")) {
            GradientVarianceProbe.Measurement[] byThreads = new GradientVarianceProbe.Measurement[2];
            double[][] seconds = new double[2][7];
            for (int threads = 1; threads <= 2; threads++) {
                GradientEstimator e = estimator(spec, a);
                Vae vae = tinyVae(e);
                RandomStream training = RandomStream.of(4);
                for (int step = 0; step < 3; step++) {
                    vae.trainStep(batch, training);
                }
                try (WorkerPool workers = new WorkerPool(threads)) {
                    ProbeThreads on = new ProbeThreads(workers, () -> estimator(spec, a),
                            () -> estimator("reinforce:baseline=loo,samples=2", a));
                    int index = threads - 1;
                    int[] drawn = {0};
                    GradientVarianceProbe probe = new GradientVarianceProbe(vae, batch, e,
                            estimator("reinforce:baseline=loo,samples=2", a), "reinforce", 7,
                            5, on);
                    probe.measure(RandomStream.of(8), true);
                    vae.trainStep(batch, training); // the copies must follow the model
                    byThreads[index] = probe.measure(RandomStream.of(9), true,
                            s -> seconds[index][drawn[0]++] = s);
                }
            }
            GradientVarianceProbe.Measurement one = byThreads[0];
            GradientVarianceProbe.Measurement two = byThreads[1];
            for (int i = 0; i < one.moments().parameters().dimension(); i++) {
                assertEquals(one.moments().parameters().mean(i),
                        two.moments().parameters().mean(i), 0.0, spec + " mean " + i);
                assertEquals(one.moments().parameters().variance(i),
                        two.moments().parameters().variance(i), 0.0, spec + " variance " + i);
            }
            assertEquals(one.moments().logitLog10Variance(), two.moments().logitLog10Variance(),
                    0.0, spec);
            assertEquals(one.bias().relativeError(), two.bias().relativeError(), 0.0, spec);
            assertEquals(one.bias().cosine(), two.bias().cosine(), 0.0, spec);
            assertTrue(Double.isFinite(one.moments().log10Variance())
                    && Double.isFinite(one.bias().relativeError())
                    && one.bias().relativeError() != 0, spec + ": not a trivial comparison");
            for (double s : seconds[1]) {
                assertTrue(s > 0, spec + ": every estimate's seconds are reported");
            }
        }
    }

    private static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double[] p = new double[l.length];
        double z = 0;
        for (int i = 0; i < l.length; i++) {
            p[i] = Math.exp(l[i] - max);
            z += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= z;
        }
        return p;
    }
}

package io.github.dvae.estimators.reinforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * REINFORCE on one categorical variable with {@code f(z) = c . z}, where mean and variance are
 * known in closed form: {@code g_k = p_k (c_k - p . c)} and
 * {@code E[X_k^2] = sum_j p_j c_j^2 (delta_jk - p_k)^2}.
 */
class ReinforceEstimatorTest {

    private static final double[] LOGITS = {1.0, -0.5, 0.3};
    private static final double[] C = {2.0, -1.0, 4.0};
    private static final int K = 3;

    private static final DifferentiableFunction LINEAR = new DifferentiableFunction() {
        @Override
        public double value(int example, double[] z) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                s += C[k] * z[k];
            }
            return s;
        }

        @Override
        public double valueAndGradient(int example, double[] z, double[] gradient) {
            System.arraycopy(C, 0, gradient, 0, K);
            return value(example, z);
        }
    };

    private static CoordinateMoments estimates(Map<String, String> options, int count) {
        GradientEstimator e = new ReinforceEstimatorProvider().create(new EstimatorConfig(
                LatentSpec.categorical(1, K), 1, DataType.DOUBLE, 0, options));
        INDArray logits = Nd4j.createFromArray(LOGITS).reshape(1, K);
        FunctionObjective f = new FunctionObjective(LINEAR, 1, K, DataType.DOUBLE);
        RandomStream rng = RandomStream.of(99);
        CoordinateMoments m = new CoordinateMoments(K);
        for (int i = 0; i < count; i++) {
            m.add(ElementView.of(e.estimate(new EstimatorInput(logits, logits, i, true), f, rng)
                    .gradient()).toDoubleArray());
        }
        return m;
    }

    private static double[] probabilities() {
        double z = 0;
        double[] p = new double[K];
        for (int k = 0; k < K; k++) {
            p[k] = Math.exp(LOGITS[k]);
            z += p[k];
        }
        for (int k = 0; k < K; k++) {
            p[k] /= z;
        }
        return p;
    }

    @Test
    void meanAndVarianceMatchTheClosedForm() {
        double[] p = probabilities();
        double pc = 0;
        for (int k = 0; k < K; k++) {
            pc += p[k] * C[k];
        }
        int count = 40_000;
        CoordinateMoments m = estimates(Map.of(), count);
        for (int k = 0; k < K; k++) {
            double mean = p[k] * (C[k] - pc);
            double second = 0;
            for (int j = 0; j < K; j++) {
                double d = (j == k ? 1 : 0) - p[k];
                second += p[j] * C[j] * C[j] * d * d;
            }
            double variance = second - mean * mean;
            // 4.5 standard errors: a false alarm about once in 150,000 runs per coordinate.
            assertEquals(mean, m.mean(k), 4.5 * Math.sqrt(variance / count), "mean of g_" + k);
            // The sample variance of 40,000 draws of a bounded variable is within 5%.
            assertEquals(variance, m.variance(k), 0.05 * variance, "variance of g_" + k);
        }
    }

    @Test
    void leaveOneOutAndMovingAverageReduceVariance() {
        double plain = estimates(Map.of(), 20_000).meanVariance();
        double ema = estimates(Map.of("baseline", "ema"), 20_000).meanVariance();
        double loo = estimates(Map.of("baseline", "loo", "samples", "4"), 20_000).meanVariance();
        double plain4 = estimates(Map.of("samples", "4"), 20_000).meanVariance();
        System.out.printf("mean variance: none %.4f, ema %.4f, none x4 %.4f, loo x4 %.4f%n", plain,
                ema, plain4, loo);
        // Sample variances of 20,000 draws are good to a few per cent: a 20% margin is real.
        assertTrue(ema < 0.8 * plain, "ema " + ema + " vs none " + plain);
        assertTrue(loo < 0.8 * plain4, "loo " + loo + " vs none with 4 samples " + plain4);
    }

    @Test
    void badOptionsAreNamed() {
        ReinforceEstimatorProvider p = new ReinforceEstimatorProvider();
        EstimatorConfig base = EstimatorConfig.of(LatentSpec.categorical(2, 3), 4);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> p.create(base.withOption("baseline", "loo")));
        assertTrue(e.getMessage().contains("samples=1") && e.getMessage().contains(">= 2"),
                e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> p.create(base.withOption("baseline", "magic")));
        assertTrue(e.getMessage().contains("baseline=magic")
                && e.getMessage().contains("none, ema, loo"), e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> p.create(base.withOption("temperature", "1")));
        assertTrue(e.getMessage().contains("no option 'temperature'"), e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> p.create(base.withOption("baseline", "ema").withOption("decay", "1.5")));
        assertTrue(e.getMessage().contains("decay=1.5") && e.getMessage().contains("(0.0, 1.0)"),
                e.getMessage());
    }

    @Test
    void badLearnedBaselineOptionsAreNamed() {
        ReinforceEstimatorProvider p = new ReinforceEstimatorProvider();
        EstimatorConfig learned = EstimatorConfig.of(LatentSpec.categorical(2, 3), 4)
                .withOption("baseline", "learned");
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> p.create(learned.withOption("hidden", "0")));
        assertTrue(e.getMessage().startsWith("estimator 'reinforce'")
                && e.getMessage().contains("hidden=0") && e.getMessage().contains(">= 1"),
                e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> p.create(learned.withOption("normalise", "yes")));
        assertTrue(e.getMessage().contains("normalise=yes")
                && e.getMessage().contains("true, false"), e.getMessage());
        EstimatorConfig noData = new EstimatorConfig(LatentSpec.categorical(2, 3), 0,
                DataType.FLOAT, 0, Map.of("baseline", "learned"));
        e = assertThrows(InvalidOptionException.class, () -> p.create(noData));
        assertTrue(e.getMessage().contains("baseline=learned")
                && e.getMessage().contains("data width of 0"), e.getMessage());

        // Options the chosen baseline does not read are refused, not silently ignored.
        EstimatorConfig base = EstimatorConfig.of(LatentSpec.categorical(2, 3), 4);
        e = assertThrows(InvalidOptionException.class,
                () -> p.create(base.withOption("baseline", "ema").withOption("hidden", "50")));
        assertTrue(e.getMessage().contains("hidden=50")
                && e.getMessage().contains("only with baseline=learned, not baseline=ema"),
                e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> p.create(base
                .withOption("baseline", "loo").withOption("samples", "2")
                .withOption("decay", "0.5")));
        assertTrue(e.getMessage().contains("decay=0.5")
                && e.getMessage().contains("baseline=ema or baseline=learned"), e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> p.create(base.withOption("normalise", "true")));
        assertTrue(e.getMessage().contains("not baseline=none"), e.getMessage());
    }

    /**
     * A run records its options resolved (every default written out) and builds its estimator
     * from them: they must be accepted back, for every variant. A default written out for a
     * baseline that does not read it is therefore accepted too.
     */
    @Test
    void resolvedOptionsBuildTheEstimatorAgain() {
        ReinforceEstimatorProvider p = new ReinforceEstimatorProvider();
        EstimatorConfig base = EstimatorConfig.of(LatentSpec.categorical(2, 3), 4);
        for (Map<String, String> variant : p.variants()) {
            Map<String, String> resolved = EstimatorOptions.read(p, base.withOptions(variant))
                    .resolved();
            assertEquals(5, resolved.size(), "every option resolved: " + resolved);
            p.create(base.withOptions(resolved));
        }
        p.create(base.withOption("decay", "0.90").withOption("hidden", "100"));
    }
}

package io.github.dvae.estimators.relax;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.FiniteDifferences;
import io.github.dvae.core.testing.GradientStudy;
import io.github.dvae.core.testing.TinyProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RELAX on {@link TinyProblem}'s enumerable VAE (2 variables of 3 classes, 3 examples, double):
 * the surrogate's variance gradient against finite differences of the mean squared estimate at
 * fixed noise, frozen state under probes, unbiasedness after long surrogate training, and the
 * variance that training removes.
 */
class RelaxEstimatorTest {

    private static final TinyProblem PROBLEM = new TinyProblem();
    private static final RelaxEstimatorProvider PROVIDER = new RelaxEstimatorProvider();

    private static RelaxEstimator estimator(Map<String, String> options) {
        return (RelaxEstimator) PROBLEM.estimator(PROVIDER, options);
    }

    private static List<Parameter> surrogate(RelaxEstimator e) {
        List<Parameter> all = new ArrayList<>(e.network().parameters());
        all.add(e.eta());
        return all;
    }

    /** {@code (1/B) sum_b |g_b|^2} of one estimate at the noise of {@code seed}, state frozen. */
    private static double meanSquare(TinyProblem problem, Vae vae, RelaxEstimator e, long seed) {
        EstimatorStep step = vae.gradientEstimate(problem.data(), RandomStream.of(seed), e, false);
        double[] g = ElementView.of(step.gradient()).toDoubleArray();
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return s / problem.data().rows();
    }

    /**
     * The whole chain (relaxation, slopes of z~, the adjoint M u, the network's second-order
     * pass, eta's term) against central differences of the mean squared estimate in every
     * surrogate parameter, at several noise draws, for each latent kind.
     */
    @ParameterizedTest
    @EnumSource(LatentKind.class)
    void varianceGradientMatchesFiniteDifferencesAtFixedNoise(LatentKind kind) {
        TinyProblem problem = TinyProblem.of(kind);
        RelaxEstimator e = (RelaxEstimator) problem.estimator(PROVIDER,
                Map.of("hidden", "3", "eta", "0.7"));
        Vae vae = problem.model(e, 8, 1.5);
        RandomStream rng = RandomStream.of(12);
        for (Parameter p : e.network().parameters()) {
            ElementView v = p.values();
            for (int i = 0; i < v.length(); i++) {
                v.set(i, v.get(i) + 0.5 * rng.nextGaussian());
            }
        }
        e.accumulateWithoutStepForTesting();
        for (long seed = 1; seed <= 3; seed++) {
            for (Parameter p : surrogate(e)) {
                p.zeroGradient();
            }
            long noise = seed;
            vae.gradientEstimate(problem.data(), RandomStream.of(noise), e, false, true);
            for (Parameter p : surrogate(e)) {
                double[] analytic = p.gradients().toDoubleArray();
                double[] numeric = FiniteDifferences.gradient(p.values(),
                        () -> meanSquare(problem, vae, e, noise), 1e-6);
                assertClose(numeric, analytic, 1e-6, 1e-5,
                        kind + " " + p.name() + " at noise " + noise);
            }
        }
    }

    /**
     * The fused per-example kernel (one chain rule per z and per z~, eta's term from the
     * directions, a piece of whole variables at a time) against the unfused one, in double: the
     * estimate and every surrogate parameter's variance gradient agree to 1e-10 (rounding of
     * reordered sums only).
     */
    @ParameterizedTest
    @EnumSource(LatentKind.class)
    void fusedKernelMatchesTheUnfusedOne(LatentKind kind) {
        assertFusedMatchesUnfused(TinyProblem.of(kind), kind.toString());
    }

    /**
     * As {@link #fusedKernelMatchesTheUnfusedOne} for the categorical kernel's vector lanes and
     * tails ({@link CategoricalKernel}): 3 variables of K = 9 (two whole vectors of four and a
     * tail of one) and of K = 100 (two pieces of the example, 200 and 100 entries).
     */
    @ParameterizedTest
    @ValueSource(ints = {9, 100})
    void fusedCategoricalKernelMatchesTheUnfusedOneAtLargerK(int classes) {
        TinyProblem problem = new TinyProblem(LatentSpec.categorical(3, classes));
        assertFusedMatchesUnfused(problem, "3 x " + classes);
        assertFusedMatchesUnfusedInFloat(problem, "3 x " + classes);
    }

    private static void assertFusedMatchesUnfused(TinyProblem problem, String kind) {
        Map<String, String> options = Map.of("hidden", "3", "eta", "0.7");
        RelaxEstimator fused = (RelaxEstimator) problem.estimator(PROVIDER, options);
        RelaxEstimator reference = (RelaxEstimator) problem.estimator(PROVIDER, options);
        reference.useReferenceKernelForTesting();
        Vae vae = problem.model(fused, 8, 1.5);
        for (RelaxEstimator e : List.of(fused, reference)) {
            RandomStream rng = RandomStream.of(12);
            for (Parameter p : e.network().parameters()) {
                ElementView v = p.values();
                for (int i = 0; i < v.length(); i++) {
                    v.set(i, v.get(i) + 0.5 * rng.nextGaussian());
                }
            }
            e.accumulateWithoutStepForTesting();
        }
        for (long seed = 1; seed <= 3; seed++) {
            double[][] estimates = new double[2][];
            List<double[]> gradients = new ArrayList<>();
            int i = 0;
            for (RelaxEstimator e : List.of(fused, reference)) {
                for (Parameter p : surrogate(e)) {
                    p.zeroGradient();
                }
                EstimatorStep step = vae.gradientEstimate(problem.data(), RandomStream.of(seed),
                        e, false, true);
                estimates[i++] = ElementView.of(step.gradient()).toDoubleArray();
                for (Parameter p : surrogate(e)) {
                    gradients.add(p.gradients().toDoubleArray());
                }
            }
            assertClose(estimates[1], estimates[0], 1e-10, 1e-10, kind + " estimate " + seed);
            int parameters = gradients.size() / 2;
            for (int p = 0; p < parameters; p++) {
                assertClose(gradients.get(parameters + p), gradients.get(p), 1e-10, 1e-10,
                        kind + " " + surrogate(fused).get(p).name() + " at noise " + seed);
            }
        }
    }

    /**
     * The fused kernel against the unfused one on a float model (training's type, where every
     * read widens and every write narrows with a flush to zero): they agree to float rounding.
     */
    @ParameterizedTest
    @EnumSource(LatentKind.class)
    void fusedKernelMatchesTheUnfusedOneInFloat(LatentKind kind) {
        assertFusedMatchesUnfusedInFloat(TinyProblem.of(kind), kind.toString());
    }

    private static void assertFusedMatchesUnfusedInFloat(TinyProblem problem, String kind) {
        Map<String, String> options = Map.of("hidden", "3", "eta", "0.7");
        RelaxEstimator fused = (RelaxEstimator) problem.estimator(PROVIDER, options);
        RelaxEstimator reference = (RelaxEstimator) problem.estimator(PROVIDER, options);
        reference.useReferenceKernelForTesting();
        Vae vae = new Vae(problem.architecture(), fused, Adam.Settings.of(1e-3), DataType.FLOAT,
                RandomStream.of(8));
        INDArray data = problem.data().castTo(DataType.FLOAT);
        for (RelaxEstimator e : List.of(fused, reference)) {
            e.accumulateWithoutStepForTesting();
            // The first float call rebuilds the surrogate in float (from the seed alone).
            vae.gradientEstimate(data, RandomStream.of(99), e, false, false);
            RandomStream rng = RandomStream.of(12);
            for (Parameter p : e.network().parameters()) {
                ElementView v = p.values();
                for (int i = 0; i < v.length(); i++) {
                    v.set(i, v.get(i) + 0.5 * rng.nextGaussian());
                }
            }
        }
        for (long seed = 1; seed <= 3; seed++) {
            double[][] estimates = new double[2][];
            List<double[]> gradients = new ArrayList<>();
            int i = 0;
            for (RelaxEstimator e : List.of(fused, reference)) {
                for (Parameter p : surrogate(e)) {
                    p.zeroGradient();
                }
                EstimatorStep step = vae.gradientEstimate(data, RandomStream.of(seed), e, false,
                        true);
                assertEquals(DataType.FLOAT, step.gradient().dataType());
                estimates[i++] = ElementView.of(step.gradient()).toDoubleArray();
                for (Parameter p : surrogate(e)) {
                    gradients.add(p.gradients().toDoubleArray());
                }
            }
            assertClose(estimates[1], estimates[0], 1e-5, 1e-4, kind + " estimate " + seed);
            int parameters = gradients.size() / 2;
            for (int p = 0; p < parameters; p++) {
                assertClose(gradients.get(parameters + p), gradients.get(p), 1e-5, 1e-4,
                        kind + " " + surrogate(fused).get(p).name() + " at noise " + seed);
            }
        }
    }

    @Test
    void probesLeaveTheSurrogateUnchangedAndTrainingStepsMoveIt() {
        RelaxEstimator e = estimator(Map.of());
        Vae vae = PROBLEM.model(e, 8, 1.5);
        double[] before = values(e);
        for (int m = 0; m < 5; m++) {
            vae.gradientEstimate(PROBLEM.data(), RandomStream.of(m), e, false, false);
        }
        assertArrayEquals(before, values(e), "a probe changed the surrogate");
        vae.gradientEstimate(PROBLEM.data(), RandomStream.of(9), e, false, true);
        assertFalse(java.util.Arrays.equals(before, values(e)), "a training step left it");
    }

    @Test
    void aFixedEtaStaysFixed() {
        RelaxEstimator e = estimator(Map.of("learn-eta", "false", "eta", "0.25"));
        Vae vae = PROBLEM.model(e, 8, 1.5);
        for (int m = 0; m < 5; m++) {
            vae.gradientEstimate(PROBLEM.data(), RandomStream.of(m), e, false, true);
        }
        assertEquals(0.25, e.eta().values().get(0));
        assertEquals(0.25, e.diagnostics().get("eta"));
    }

    private static double[] values(RelaxEstimator e) {
        List<Double> all = new ArrayList<>();
        for (Parameter p : surrogate(e)) {
            for (double v : p.values().toDoubleArray()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        for (Map<String, String> bad : List.of(Map.of("lambda", "0"), Map.of("hidden", "0"),
                Map.of("rate", "-1"), Map.of("eta", "nan"), Map.of("learn-eta", "maybe"),
                Map.of("tau", "1"))) {
            InvalidOptionException x = assertThrows(InvalidOptionException.class,
                    () -> estimator(bad), bad.toString());
            String name = bad.keySet().iterator().next();
            assertTrue(x.getMessage().contains(name), x.getMessage());
        }
    }

    /**
     * The point of the surrogate: after training it on the variance (model frozen; the
     * surrogate's own Adam at rate 0.01 for 1000 steps on batches of 32 copies of the 3
     * examples, so that each step's variance gradient averages 96 estimates), the logits'
     * gradient variance is below where it started (RELAX's start is REBAR with eta = 1, the
     * network's output being zero), and the mean is still the exact gradient. Before and after
     * are measured at common noise (the same stream), so that their ratio is not sampling noise.
     * Measured: 0.65 of the starting variance on the categorical problem and 0.94 on the
     * Bernoulli one (0.91 in every setting tried, rates 0.003 to 0.03, 10 or 50 hidden units,
     * 1,000 or 3,000 steps, measured without common noise). With one copy per step the surrogate's gradient is too noisy for Adam and the
     * variance wanders (categorical: 0.8 to 2.3 after 1,000 to 3,000 steps at rates 0.01 to 0.1).
     * The decoder's parameter gradient, trained at {@code f(b)} alone, is not touched by the
     * surrogate: the parameters' mean variance stays within 1%.
     */
    @ParameterizedTest
    @EnumSource(LatentKind.class)
    void trainingTheSurrogateLowersTheVarianceAndKeepsTheMeanExact(LatentKind kind) {
        TinyProblem problem = TinyProblem.of(kind);
        RelaxEstimator e = (RelaxEstimator) problem.estimator(PROVIDER,
                Map.of("rate", "0.01", "hidden", "10"));
        Vae vae = problem.model(e, 8, 1.5);
        GradientStudy.Reference exact = GradientStudy.exact(vae, problem.data());
        GradientStudy.Measurement before = GradientStudy.measure(vae, problem.data(), e, exact,
                1000, RandomStream.of(1));
        INDArray copies = Nd4j.concat(0,
                Collections.nCopies(32, problem.data()).toArray(new INDArray[0]));
        RandomStream training = RandomStream.of(2);
        for (int step = 0; step < 1000; step++) {
            vae.gradientEstimate(copies, training, e, false, true);
        }
        GradientStudy.Measurement after = GradientStudy.measure(vae, problem.data(), e, exact,
                1000, RandomStream.of(1));
        System.out.printf("relax %s before training: %s%nrelax after 1000 surrogate steps (%s): "
                + "%s%n", kind.label(), before, e.diagnostics(), after);
        double ratio = after.encoderOutputVariance() / before.encoderOutputVariance();
        System.out.printf("%s: logits' variance ratio after/before %.3f, parameters' %.3f%n",
                kind.label(), ratio, after.parameterVariance() / before.parameterVariance());
        double required = kind == LatentKind.CATEGORICAL ? 0.85 : 0.97;
        assertTrue(ratio < required, "training the surrogate left the variance at " + ratio
                + " of its start");
        double bound = new NormalDistribution().inverseCumulativeProbability(
                1 - 1e-4 / (2 * exact.parameters().length));
        assertTrue(after.parameters().maxAbsZ() < bound, "after training, the mean is "
                + after.parameters().maxAbsZ() + " standard errors from the exact gradient");
        assertTrue(after.encoderOutput().maxAbsZ() < bound, "after training, the logits' mean "
                + "is " + after.encoderOutput().maxAbsZ() + " standard errors from exact");
    }
}

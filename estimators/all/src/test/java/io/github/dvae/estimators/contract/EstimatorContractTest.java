package io.github.dvae.estimators.contract;

import static io.github.dvae.core.testing.ArrayAssertions.assertAllFinite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.DecoderObjective;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.testing.TinyProblem;
import io.github.dvae.core.nn.Parameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract every estimator plug-in found by {@link java.util.ServiceLoader} must pass, for
 * each of the option sets it declares in {@link EstimatorProvider#variants()} and each latent kind
 * it declares in {@link EstimatorProvider#latentKinds()} (an enumerable categorical problem and an
 * enumerable Bernoulli one): a new plug-in is covered here without a line of test.
 */
class EstimatorContractTest {

    /** Estimates per unbiasedness check; the bound below accounts for the number of checks. */
    private static final int ESTIMATES = 4000;

    /** Family-wise false-alarm probability of one unbiasedness check over all coordinates. */
    private static final double FALSE_ALARM = 1e-4;

    /**
     * Every id the project ships: dropping a module from {@code estimators/all} (or its services
     * line) fails the suite instead of silently shrinking it.
     */
    static final List<String> SHIPPED = List.of("arm", "disarm", "exact", "gaussian",
            "gumbel-rao", "gumbel-softmax", "indecater", "rebar", "reinforce", "relax", "reinmax",
            "st-gumbel-softmax", "straight-through", "vq", "vq-gumbel");

    /** What {@link #measure} found for one variant on one kind, computed once per run. */
    record Measurement(double[] reference, CoordinateMoments moments) {
    }

    private static final Map<String, Measurement> MEASURED = new ConcurrentHashMap<>();

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (EstimatorProvider p : Estimators.discover()) {
            for (LatentKind kind : new TreeSet<>(p.latentKinds())) {
                for (Map<String, String> options : p.variants()) {
                    out.add(Arguments.of(p.id() + " " + kind.label() + " " + options, p,
                            TinyProblem.of(kind), options));
                }
            }
        }
        return out.stream();
    }

    @Test
    void everyShippedEstimatorIsDiscovered() {
        Set<String> ids = new TreeSet<>();
        Estimators.discover().forEach(p -> ids.add(p.id()));
        assertTrue(ids.containsAll(SHIPPED), "missing: " + SHIPPED.stream()
                .filter(id -> !ids.contains(id)).toList() + " (found " + ids + ")");
        assertEquals(ids.size(), Estimators.discover().size(), "two providers share an id");
        assertEquals(EnumSet.allOf(LatentKind.class), Estimators.find("exact").latentKinds(),
                "the exact estimator is every kind's reference");
    }

    /** A provider refuses a latent kind it does not declare, naming the kind. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void undeclaredKindsAreRefusedNamingTheKind(String name, EstimatorProvider provider) {
        for (LatentKind kind : EnumSet.complementOf(EnumSet.copyOf(provider.latentKinds()))) {
            TinyProblem problem = TinyProblem.of(kind);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> problem.estimator(provider, Map.of()));
            assertTrue(e.getMessage().contains(kind.label()), e.getMessage());
        }
    }

    static Stream<Arguments> providers() {
        return Estimators.discover().stream().map(p -> Arguments.of(p.id(), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sameSeedGivesTheSameEstimate(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        double[] first = estimate(problem, provider, options, 5);
        double[] second = estimate(problem, provider, options, 5);
        assertArrayEquals(first, second, name + ": same seed, different estimate");
    }

    /**
     * A run records every option resolved, defaults included; building the estimator again from
     * that record must work and give the same estimate.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void resolvedOptionsBuildTheSameEstimator(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        Map<String, String> resolved = new HashMap<>();
        for (EstimatorOption o : provider.options()) {
            resolved.put(o.name(), o.defaultValue());
        }
        resolved.putAll(options);
        assertArrayEquals(estimate(problem, provider, options, 5),
                estimate(problem, provider, resolved, 5),
                name + ": its options written out in full build a different estimator");
    }

    private static double[] estimate(TinyProblem problem, EstimatorProvider provider,
            Map<String, String> options, long seed) {
        GradientEstimator e = problem.estimator(provider, options);
        Vae vae = problem.model(e, 3, 1.5);
        vae.gradientEstimate(problem.data(), RandomStream.of(seed), e, false);
        return TinyProblem.gradients(vae);
    }

    /**
     * Kernels split work over threads; the estimate (every parameter's gradient) must be the same
     * whatever the number of threads. Checked on a batch large enough to be split: hidden layers
     * of 384 units on 96 rows are above the work a kernel keeps on one thread
     * ({@link WorkerPool#PARALLEL_WORK}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void estimateDoesNotDependOnTheNumberOfThreads(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        assertTrue(96L * 384 >= WorkerPool.PARALLEL_WORK, "the hidden layers must be split");
        LatentSpec latent = problem.latent().bernoulli() ? LatentSpec.bernoulli(9)
                : LatentSpec.categorical(3, 8);
        double[] serial = estimateOnWideBatch(provider, latent, options, WorkerPool.SERIAL);
        try (WorkerPool three = new WorkerPool(3)) {
            assertArrayEquals(serial, estimateOnWideBatch(provider, latent, options, three),
                    name + ": the thread count changed the estimate");
        }
    }

    private static double[] estimateOnWideBatch(EstimatorProvider provider, LatentSpec latent,
            Map<String, String> options, WorkerPool workers) {
        VaeArchitecture arch = new VaeArchitecture(20, new int[] {384}, latent, new int[] {384});
        GradientEstimator e = provider.create(new EstimatorConfig(arch.latent(), 20,
                DataType.DOUBLE, 5L, options));
        Vae vae = new Vae(arch, e, Adam.Settings.of(1e-3), DataType.DOUBLE, RandomStream.of(9),
                workers);
        INDArray x = Nd4j.create(DataType.DOUBLE, 96, 20);
        ElementView xv = ElementView.of(x);
        RandomStream rng = RandomStream.of(4);
        for (int i = 0; i < xv.length(); i++) {
            xv.set(i, rng.nextBernoulli(0.3) ? 1 : 0);
        }
        vae.gradientEstimate(x, RandomStream.of(6), e, true);
        return TinyProblem.gradients(vae);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void shapesAreRightAndValuesFinite(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        GradientEstimator e = problem.estimator(provider, options);
        Vae vae = problem.model(e, 3, 1.5);
        EstimatorStep step = vae.gradientEstimate(problem.data(), RandomStream.of(1), e, false);
        int batch = problem.data().rows();
        assertArrayEquals(new long[] {batch, e.family().encoderWidth()}, step.gradient().shape(),
                name + ": gradient shape");
        assertEquals(batch, step.objective().length, name + ": one objective value per example");
        assertAllFinite(ElementView.of(step.gradient()).toDoubleArray(), name + " gradient");
        assertAllFinite(step.objective(), name + " objective");
        assertAllFinite(TinyProblem.gradients(vae), name + " parameter gradients");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void valuesStayFiniteAtExtremeLogitsAndSmallTemperatures(String name,
            EstimatorProvider provider, TinyProblem problem, Map<String, String> options) {
        Map<String, String> extreme = new HashMap<>(options);
        if (provider.options().stream().map(EstimatorOption::name).anyMatch("tau"::equals)) {
            extreme.put("tau", "0.05");
            extreme.computeIfPresent("tau-min", (k, v) -> "0.05");
        }
        GradientEstimator e = problem.estimator(provider, extreme);
        Vae vae = problem.model(e, 3, 0);
        TinyProblem.pinEncoderOutput(vae, i -> i % 2 == 0 ? 50.0 : -50.0);
        for (int trial = 0; trial < 20; trial++) {
            EstimatorStep step = vae.gradientEstimate(problem.data(), RandomStream.of(trial), e,
                    true);
            assertAllFinite(ElementView.of(step.gradient()).toDoubleArray(), name + " gradient");
            assertAllFinite(step.objective(), name + " objective");
            assertAllFinite(TinyProblem.gradients(vae), name + " parameter gradients");
        }
    }

    /**
     * Unbiased estimators: the mean of many estimates of every parameter's gradient (encoder and
     * decoder: a control variate must not leak into the decoder) matches the exact gradient, each
     * coordinate within a z bound that holds for all coordinates together with probability
     * {@code 1 - FALSE_ALARM}. Biased estimators: their bias is measured and must be detectable
     * with the same bound, or they should declare themselves unbiased. Every branch asserts.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void meanMatchesTheExactGradientIffDeclaredUnbiased(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        Measurement m = measure(name, provider, problem, options);
        assumeTrue(m != null, "exact enumeration serves discrete (categorical and Bernoulli) "
                + "families only; this family's module tests its own gradient");
        double[] reference = m.reference();
        CoordinateMoments moments = m.moments();
        GradientComparison c = GradientComparison.of(moments, reference);
        double bound = bound(reference.length);
        System.out.printf("%s: relative error %.4f, cosine %.4f, max |z| %.2f (bound %.2f)%n",
                name, c.relativeError(), c.cosine(), c.maxAbsZ(), bound);
        for (int i = 0; i < reference.length; i++) {
            if (moments.variance(i) == 0) {
                assertEquals(reference[i], moments.mean(i), 1e-9 * (1 + Math.abs(reference[i])),
                        name + ": coordinate " + i + " has no variance and must be exact");
            }
        }
        if (provider.unbiased(options)) {
            assertTrue(c.maxAbsZ() < bound, name + " declares itself unbiased but its mean is "
                    + c.maxAbsZ() + " standard errors from the exact gradient");
        } else if (!provider.unbiased()) {
            assertFalse(c.maxAbsZ() < bound, name + " declares itself biased but no bias is "
                    + "detectable (max |z| " + c.maxAbsZ() + ")");
        } else {
            // Unbiased by default, biased by this option set (NVIL's variance normalisation):
            // what such an option may do is rescale the mean, keeping its direction. Whether the
            // rescaling shows depends on the regime (the module's own tests reach it); that the
            // mean is nothing but a positive multiple of at most 1 of the exact gradient is
            // checked here, coordinate by coordinate.
            double dot = 0;
            double norm2 = 0;
            double alphaVariance = 0;
            for (int i = 0; i < reference.length; i++) {
                dot += moments.mean(i) * reference[i];
                norm2 += reference[i] * reference[i];
                alphaVariance += reference[i] * reference[i] * moments.variance(i)
                        / moments.count();
            }
            double alpha = dot / norm2;
            double alphaError = Math.sqrt(alphaVariance) / norm2;
            double maxZ = 0;
            for (int i = 0; i < reference.length; i++) {
                double se = moments.standardError(i);
                if (se > 0) {
                    maxZ = Math.max(maxZ, Math.abs(moments.mean(i) - alpha * reference[i]) / se);
                }
            }
            assertTrue(alpha > 0 && alpha < 1 + 5 * alphaError, name + ": its mean is " + alpha
                    + " times the exact gradient; a rescaling option may only shrink it");
            assertTrue(maxZ < bound, name + ": its mean is not a multiple of the exact "
                    + "gradient (max |z| " + maxZ + " after rescaling by " + alpha + ")");
        }
    }

    /**
     * Every estimator that trains the decoder at hard samples (REINFORCE, straight-through, ST
     * Gumbel-Softmax, ...: whatever its encoder gradient) must give the decoder's parameters an
     * unbiased gradient: the decoder's exact gradient is {@code E_q[d f(z) / d theta]}, which a
     * hard posterior sample estimates without bias. This catches an estimator that never trains
     * the decoder, or trains it with the wrong weights. Which estimators feed hard samples is
     * detected, not declared: every input the estimator differentiates the decoder's parameters
     * at is recorded, and estimators that never do so are held to it too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void decoderGradientIsUnbiasedWhenTrainedAtHardSamples(String name,
            EstimatorProvider provider, TinyProblem problem, Map<String, String> options) {
        assumeTrue(trainsDecoderAtHardSamplesOnly(provider, problem, options),
                "the decoder is trained at relaxed or continuous inputs");
        Measurement m = measure(name, provider, problem, options);
        assumeTrue(m != null, "exact enumeration serves discrete families only");
        GradientEstimator e = problem.estimator(provider, options);
        Vae vae = problem.model(e, 8, 1.5);
        int from = size(vae.encoder().parameters());
        int to = from + size(vae.decoder().parameters());
        double bound = bound(to - from);
        double maxZ = 0;
        double missing = 0;
        for (int i = from; i < to; i++) {
            double se = m.moments().standardError(i);
            double d = Math.abs(m.moments().mean(i) - m.reference()[i]);
            if (se > 0) {
                maxZ = Math.max(maxZ, d / se);
            } else {
                missing = Math.max(missing, d);
            }
        }
        System.out.printf("%s: decoder gradient max |z| %.2f (bound %.2f)%n", name, maxZ, bound);
        assertTrue(missing < 1e-9, name + ": a decoder coordinate without variance is "
                + missing + " from the exact gradient");
        assertTrue(maxZ < bound, name + " trains the decoder at hard samples, but its decoder "
                + "gradient is " + maxZ + " standard errors from the exact one");
    }

    /**
     * Runs one estimate against a recording objective: true unless some call differentiated the
     * decoder's parameters at a dense (relaxed, continuous, codebook) input.
     */
    private static boolean trainsDecoderAtHardSamplesOnly(EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        GradientEstimator e = problem.estimator(provider, options);
        Vae vae = problem.model(e, 3, 1.5);
        DecoderObjective decoder = new DecoderObjective(vae.decoder(), DataType.DOUBLE)
                .bind(problem.data(), -1.0 / problem.data().rows());
        boolean[] dense = new boolean[1];
        Objective recording = new ObservedObjective(decoder, (z, target) -> {
            if (target != null && target.parameters() && z instanceof DecoderInput.Dense) {
                dense[0] = true;
            }
        });
        INDArray encoded = vae.encoder().forward(problem.data());
        e.estimate(new EstimatorInput(encoded, problem.data(), 0, false), recording,
                RandomStream.of(1));
        return !dense[0];
    }

    /**
     * The exact gradient of every parameter on {@code problem} and the moments of
     * {@link #ESTIMATES} estimates, or null for a family exact enumeration cannot serve;
     * computed once per variant and kind.
     */
    static Measurement measure(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) {
        GradientEstimator probe = problem.estimator(provider, options);
        if (!(probe.family() instanceof DiscreteFamily)) {
            return null;
        }
        return MEASURED.computeIfAbsent(name, k -> {
            GradientEstimator e = problem.estimator(provider, options);
            Vae vae = problem.model(e, 8, 1.5);
            GradientEstimator exact = problem.estimator(Estimators.find("exact"), Map.of());
            vae.gradientEstimate(problem.data(), RandomStream.of(0), exact, false);
            double[] reference = TinyProblem.gradients(vae);

            RandomStream rng = RandomStream.of(2024);
            // Let stateful estimators (moving-average baselines, schedules) reach a working
            // state.
            for (int m = 0; m < 50; m++) {
                vae.gradientEstimate(problem.data(), rng, e, false, true);
            }
            CoordinateMoments moments = new CoordinateMoments(reference.length);
            for (int m = 0; m < ESTIMATES; m++) {
                vae.gradientEstimate(problem.data(), rng, e, false);
                moments.add(TinyProblem.gradients(vae));
            }
            return new Measurement(reference, moments);
        });
    }

    /** The z bound that all of {@code coordinates} meet together with 1 - FALSE_ALARM. */
    private static double bound(int coordinates) {
        return new NormalDistribution().inverseCumulativeProbability(
                1 - FALSE_ALARM / (2 * coordinates));
    }

    private static int size(List<Parameter> parameters) {
        return parameters.stream().mapToInt(Parameter::size).sum();
    }
}

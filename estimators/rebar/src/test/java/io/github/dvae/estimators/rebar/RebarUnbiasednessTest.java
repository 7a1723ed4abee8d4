package io.github.dvae.estimators.rebar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mean of many REBAR estimates of the logits' gradient equals the exact gradient from
 * enumeration, for several posteriors and several eta and lambda, each coordinate within a z
 * bound that holds for all coordinates of one check together with probability
 * {@code 1 - FALSE_ALARM} (Bonferroni). A wrong derivative of {@code z~} through {@code pi}, or a
 * control variate that is not mean-zero, moves the mean by many standard errors at these sample
 * sizes (see {@link #aWrongDerivativeOfTheConditionalSampleIsDetected}).
 */
class RebarUnbiasednessTest {

    private static final double FALSE_ALARM = 1e-4;

    /** One Bernoulli variable. */
    static final EnumerableProblem BINARY = new EnumerableProblem(LatentSpec.categorical(1, 2),
            new double[][] {{0.8, -0.6}},
            EnumerableProblem.bernoulliDecoder(2, 6, 1, 1.5, 11));

    /** One variable of four classes. */
    static final EnumerableProblem FOUR_CLASSES = new EnumerableProblem(
            LatentSpec.categorical(1, 4), new double[][] {{1.5, -0.3, 0.2, -2.0}},
            EnumerableProblem.bernoulliDecoder(4, 6, 1, 1.5, 12));

    /**
     * Three variables of three classes, two examples, peaked as after training: the largest
     * probability of each variable is 0.5 to 0.97, the smallest 0.004 to 0.15.
     */
    static final EnumerableProblem TRAINED = new EnumerableProblem(LatentSpec.categorical(3, 3),
            new double[][] {{3.0, 0.2, -1.5, -0.5, 2.5, -2.0, 1.0, 1.4, -1.0},
                {-1.0, 0.4, 2.2, 2.8, -0.7, 0.1, 0.3, -2.5, 1.1}},
            EnumerableProblem.bernoulliDecoder(9, 8, 2, 1.2, 13));

    static Stream<Arguments> cases() {
        List<Map<String, String>> settings = List.of(
                Map.of("eta", "1", "lambda", "0.5"),
                Map.of("eta", "0.4", "lambda", "0.1"),
                Map.of("eta", "1.5", "lambda", "2"));
        Stream.Builder<Arguments> out = Stream.builder();
        for (Map.Entry<String, EnumerableProblem> p : Map.of("N=1,K=2", BINARY, "N=1,K=4",
                FOUR_CLASSES, "N=3,K=3 trained", TRAINED).entrySet()) {
            for (Map<String, String> s : settings) {
                out.add(Arguments.of(p.getKey() + " " + s, p.getValue(), s));
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void meanMatchesTheExactGradient(String name, EnumerableProblem problem,
            Map<String, String> options) {
        GradientEstimator rebar = problem.rebar(options);
        CoordinateMoments m = problem.measure(rebar, 2000, 15, 42, false);
        assertUnbiased(name, problem, m);
    }

    /**
     * The adaptive settings in training mode: eta chosen from the other examples of the batch
     * and earlier batches, lambda stepped after every estimate. The state changes between
     * estimates but never depends on an estimate's own noise, so the mean is still exact.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("adaptiveCases")
    void adaptiveSettingsStayUnbiasedWhileAdapting(String name, EnumerableProblem problem,
            Map<String, String> options) {
        GradientEstimator rebar = problem.rebar(options);
        // Small batches, so that each example's eta leans on few others.
        CoordinateMoments m = problem.measure(rebar, 4, 6000, 43, true);
        assertUnbiased(name, problem, m);
        System.out.printf("  adapted to %s%n", rebar.diagnostics());
    }

    static Stream<Arguments> adaptiveCases() {
        return Stream.of(
                Arguments.of("N=1,K=4 eta=auto", FOUR_CLASSES, Map.of("eta", "auto")),
                Arguments.of("N=3,K=3 eta=auto", TRAINED, Map.of("eta", "auto")),
                Arguments.of("N=3,K=3 eta=auto tune-lambda", TRAINED, Map.of("eta", "auto",
                        "tune-lambda", "true", "lambda", "1.5", "lambda-rate", "0.01")));
    }

    /**
     * The test has power: dropping the dependence of {@code z~} on the logits (treating
     * {@code d z~ / d l} as zero, a classic porting error) is detected at the same sample size.
     */
    @org.junit.jupiter.api.Test
    void aWrongDerivativeOfTheConditionalSampleIsDetected() {
        EnumerableProblem problem = TRAINED;
        RebarEstimator right = (RebarEstimator) problem.rebar(Map.of());
        CoordinateMoments correct = problem.measure(right, 2000, 15, 44, false);
        RebarEstimator wrong = (RebarEstimator) problem.rebar(Map.of());
        wrong.dropConditionalSampleDerivativeForTesting();
        CoordinateMoments broken = problem.measure(wrong, 2000, 15, 44, false);
        double[] exact = problem.exactGradient();
        GradientComparison c = GradientComparison.of(correct, exact);
        GradientComparison w = GradientComparison.of(broken, exact);
        System.out.printf("dz~/dl dropped: max |z| %.1f (correct %.1f), relative error %.3f "
                + "(correct %.4f)%n", w.maxAbsZ(), c.maxAbsZ(), w.relativeError(),
                c.relativeError());
        assertTrue(w.maxAbsZ() > 2 * bound(exact.length), "the broken derivative must be caught: "
                + "max |z| " + w.maxAbsZ());
    }

    static double bound(int coordinates) {
        return new NormalDistribution().inverseCumulativeProbability(
                1 - FALSE_ALARM / (2 * coordinates));
    }

    static GradientComparison assertUnbiased(String name, EnumerableProblem problem,
            CoordinateMoments m) {
        double[] exact = problem.exactGradient();
        GradientComparison c = GradientComparison.of(m, exact);
        double bound = bound(exact.length);
        System.out.printf("rebar %s: relative error %.4f, cosine %.5f, max |z| %.2f (bound %.2f), "
                + "mean variance %.4g, %d estimates%n", name, c.relativeError(), c.cosine(),
                c.maxAbsZ(), bound, m.meanVariance(), m.count());
        assertTrue(c.maxAbsZ() < bound, name + ": mean is " + c.maxAbsZ()
                + " standard errors from the exact gradient (bound " + bound + ")");
        return c;
    }
}

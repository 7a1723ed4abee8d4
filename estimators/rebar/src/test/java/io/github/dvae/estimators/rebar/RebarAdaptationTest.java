package io.github.dvae.estimators.rebar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * eta=auto and tune-lambda against the variance they are meant to minimise, measured on the
 * enumerable VAE-like problem of {@link RebarUnbiasednessTest#TRAINED}.
 *
 * <p>The noise REBAR draws does not depend on eta or lambda, so estimators with the same seed see
 * the same {@code z, z~} whatever their settings (common random numbers): the variance at several
 * settings is then compared on the same draws, free of most sampling noise.
 */
class RebarAdaptationTest {

    private static final EnumerableProblem PROBLEM = RebarUnbiasednessTest.TRAINED;
    private static final int COPIES = 2000;
    private static final int CALLS = 10;

    private static double meanVariance(Map<String, String> options, long seed) {
        return PROBLEM.measure(PROBLEM.rebar(options), COPIES, CALLS, seed, false).meanVariance();
    }

    /**
     * At fixed lambda the summed variance is a quadratic in eta, {@code V(eta) = V0 - 2 eta S +
     * eta^2 Q} (exactly so for sample variances on common noise); three fixed etas give its
     * minimiser, which eta=auto must find.
     */
    @Test
    void autoEtaFindsTheVarianceMinimisingScale() {
        for (String lambda : new String[] {"0.2", "1.0"}) {
            double v0 = meanVariance(Map.of("eta", "0", "lambda", lambda), 9);
            double v1 = meanVariance(Map.of("eta", "1", "lambda", lambda), 9);
            double v2 = meanVariance(Map.of("eta", "2", "lambda", lambda), 9);
            double q = (v0 - 2 * v1 + v2) / 2;
            double s = (v0 - v1 + q) / 2;
            double best = s / q;
            GradientEstimator auto = PROBLEM.rebar(Map.of("eta", "auto", "lambda", lambda));
            PROBLEM.warmUp(auto, 64, 100, 10);
            double found = auto.diagnostics().get("eta");
            double atFound = PROBLEM.measure(auto, COPIES, CALLS, 9, false).meanVariance();
            double atBest = v0 - 2 * best * s + best * best * q;
            System.out.printf("lambda %s: variance-minimising eta %.4f (variance %.4f), eta=auto "
                    + "found %.4f (variance %.4f); eta=1 gives %.4f, eta=0 (REINFORCE) %.4f%n",
                    lambda, best, atBest, found, atFound, v1, v0);
            assertEquals(best, found, 0.05 * Math.abs(best), "eta=auto at lambda " + lambda);
            assertTrue(atFound < 1.01 * atBest, "variance at eta=auto " + atFound + " vs least "
                    + atBest);
        }
    }

    /**
     * The lambda gradient is what the Javadoc says: with the estimate the mean of g at
     * {@code lambda e^{+d}} and {@code lambda e^{-d}}, {@code 2 <g, dg/d log lambda>} is exactly
     * {@code (|g+|^2 - |g-|^2) / (2d)}, the central difference of the squared norm on common
     * noise. Checked against two untuned estimators at those temperatures, and its sign against
     * the variance measured across lambda: negative where the variance falls as lambda grows
     * (lambda = 0.05), positive where it rises (lambda = 5).
     */
    @Test
    void varianceSlopeIsTheCentralDifferenceOfTheSquaredNorm() {
        double d = RebarEstimator.LOG_LAMBDA_STEP;
        for (double lambda : new double[] {0.05, 5.0}) {
            GradientEstimator tuned = PROBLEM.rebar(Map.of("tune-lambda", "true", "lambda",
                    Double.toString(lambda)));
            GradientEstimator up = PROBLEM.rebar(Map.of("lambda",
                    Double.toString(lambda * Math.exp(d))));
            GradientEstimator down = PROBLEM.rebar(Map.of("lambda",
                    Double.toString(lambda * Math.exp(-d))));
            int rows = 500 * PROBLEM.examples();
            INDArray l = PROBLEM.tiledLogits(500);
            FunctionObjective f = PROBLEM.objective(rows);
            RandomStream a = RandomStream.of(77);
            RandomStream b = RandomStream.of(77);
            RandomStream c = RandomStream.of(77);
            double slope = 0;
            double difference = 0;
            int calls = 20;
            for (int call = 0; call < calls; call++) {
                EstimatorInput input = new EstimatorInput(l, l, call, false);
                tuned.estimate(input, f, a);
                slope += tuned.diagnostics().get("variance-slope-log-lambda") / calls;
                double upNorm = squaredNorm(up.estimate(input, f, b).gradient());
                double downNorm = squaredNorm(down.estimate(input, f, c).gradient());
                difference += (upNorm - downNorm) / (2 * d) / rows / calls;
            }
            double varianceBelow = meanVariance(Map.of("lambda",
                    Double.toString(lambda / 1.5)), 12);
            double varianceAbove = meanVariance(Map.of("lambda",
                    Double.toString(lambda * 1.5)), 12);
            System.out.printf("lambda %.2f: variance slope %.5f, central difference of |g|^2 "
                    + "%.5f; variance at lambda/1.5 %.4f, at 1.5 lambda %.4f%n", lambda, slope,
                    difference, varianceBelow, varianceAbove);
            assertEquals(difference, slope, 1e-9 * Math.abs(difference));
            assertEquals(Math.signum(varianceAbove - varianceBelow), Math.signum(slope),
                    "the slope points where the variance grows");
        }
    }

    private static double squaredNorm(INDArray gradient) {
        ElementView g = ElementView.of(gradient);
        double s = 0;
        for (int i = 0; i < g.length(); i++) {
            s += g.get(i) * g.get(i);
        }
        return s;
    }

    /**
     * Tuning lambda lowers the variance from a poor start on either side of the best lambda
     * (about 0.8 with eta=auto here): from 0.05, where the relaxation's gradients are sharp,
     * and from 5, where the relaxation is too smooth to track f.
     */
    @Test
    void tuningLambdaLowersTheVariance() {
        for (String start : new String[] {"0.05", "5"}) {
            Map<String, String> options = Map.of("eta", "auto", "tune-lambda", "true", "lambda",
                    start, "lambda-rate", "0.02");
            GradientEstimator tuned = PROBLEM.rebar(options);
            PROBLEM.warmUp(tuned, 16, 400, 21);
            double lambda = tuned.diagnostics().get("lambda");
            GradientEstimator atStart = PROBLEM.rebar(Map.of("eta", "auto", "lambda", start));
            PROBLEM.warmUp(atStart, 64, 100, 22);
            GradientEstimator atEnd = PROBLEM.rebar(Map.of("eta", "auto", "lambda",
                    Double.toString(lambda)));
            PROBLEM.warmUp(atEnd, 64, 100, 22);
            double before = PROBLEM.measure(atStart, COPIES, CALLS, 23, false).meanVariance();
            double after = PROBLEM.measure(atEnd, COPIES, CALLS, 23, false).meanVariance();
            System.out.printf("tuning from lambda %s: reached %.3f after 400 steps, variance "
                    + "%.4f -> %.4f%n", start, lambda, before, after);
            assertTrue(after < 0.85 * before, "from " + start + ": " + before + " -> " + after);
        }
    }
}

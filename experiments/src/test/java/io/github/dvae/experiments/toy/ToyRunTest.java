package io.github.dvae.experiments.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorSpec;
import org.junit.jupiter.api.Test;

class ToyRunTest {

    private final ToyProblem problem = new ToyProblem(0.45);

    @Test
    void theExactLossGradientMatchesFiniteDifferences() {
        for (double phi : new double[] {-3, -0.5, 0, 1.2}) {
            double h = 1e-6;
            double fd = (problem.loss(phi + h) - problem.loss(phi - h)) / (2 * h);
            assertEquals(fd, problem.lossGradient(phi), 1e-9, "at phi = " + phi);
        }
    }

    @Test
    void theExactEstimatorDescendsToTheOptimum() {
        ToyRun.Trace t = ToyRun.run(problem, EstimatorSpec.parse("exact"), 1, 2000, 0.01, 500);
        assertEquals(0.5, t.theta().get(0), 1e-12, "phi starts at 0");
        double lastLoss = t.loss().get(t.loss().size() - 1);
        assertTrue(lastLoss < problem.loss(0) - 0.009, "loss " + problem.loss(0) + " -> " + lastLoss);
        assertTrue(t.theta().get(t.theta().size() - 1) < 0.01, "theta goes to 0");
    }

    @Test
    void theRecordedVarianceOrdersExactBelowBaselineBelowPlainReinforce() {
        ToyRun.Trace plain = ToyRun.run(problem, EstimatorSpec.parse("reinforce"), 1, 3000,
                0.01, 1000);
        ToyRun.Trace ema = ToyRun.run(problem, EstimatorSpec.parse("reinforce:baseline=ema"), 1,
                3000, 0.01, 1000);
        ToyRun.Trace exact = ToyRun.run(problem, EstimatorSpec.parse("exact"), 1, 3000, 0.01,
                1000);
        double a = plain.log10Variance().get(3);
        double b = ema.log10Variance().get(3);
        // The moving variance of a deterministic gradient is only its drift along the path.
        double c = exact.log10Variance().get(3);
        System.out.printf("toy log10 variance after 3000 steps: reinforce %.2f, ema %.2f, "
                + "exact %.2f%n", a, b, c);
        assertTrue(b < a - 1, "log10 variance with the baseline " + b + ", without " + a);
        assertTrue(c < b, "exact's drift " + c + " below the baseline's variance " + b);
    }
}

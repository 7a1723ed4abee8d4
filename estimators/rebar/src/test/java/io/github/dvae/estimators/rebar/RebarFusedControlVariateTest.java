package io.github.dvae.estimators.rebar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused control variate (categorical variables at one temperature: C, eta's products and,
 * for a fixed eta, the estimate in one pass per variable) is the reference path's arithmetic
 * regrouped: at the same noise both give the same estimates and eta to within rounding, here
 * bounded by 1e-10 relative to the largest entry; and the fused path gives exactly the same
 * estimates on three threads as on one.
 */
class RebarFusedControlVariateTest {

    /**
     * Two variables of 37 classes (not a multiple of the partial sums' four), three examples
     * with logits of spread 2.
     */
    private static final EnumerableProblem WIDE = wide();

    private static final List<Map<String, String>> OPTIONS = List.of(
            Map.of(),
            Map.of("eta", "0.7"),
            Map.of("eta", "auto"),
            Map.of("eta", "auto", "lambda", "0.3"),
            Map.of("eta", "-1.5", "lambda", "2"));

    private static EnumerableProblem wide() {
        int variables = 2;
        int classes = 37;
        int examples = 3;
        RandomStream rng = RandomStream.of(31);
        double[][] logits = new double[examples][variables * classes];
        for (double[] row : logits) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 2 * rng.nextGaussian();
            }
        }
        return new EnumerableProblem(LatentSpec.categorical(variables, classes), logits,
                EnumerableProblem.bernoulliDecoder(variables * classes, 8, examples, 0.8, 32));
    }

    @Test
    void fusedAndReferencePathsAgreeToRounding() {
        for (EnumerableProblem problem : List.of(RebarUnbiasednessTest.TRAINED, WIDE)) {
            for (Map<String, String> options : OPTIONS) {
                RebarEstimator fused = (RebarEstimator) problem.rebar(options);
                RebarEstimator reference = (RebarEstimator) problem.rebar(options);
                reference.useReferenceControlVariateForTesting();
                double worst = 0;
                // Several training calls, so that eta=auto's history (from the products)
                // enters the later estimates.
                for (long call = 0; call < 4; call++) {
                    double[] a = estimate(fused, problem, 20, call, WorkerPool.SERIAL);
                    double[] b = estimate(reference, problem, 20, call, WorkerPool.SERIAL);
                    double scale = 0;
                    for (double v : b) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    assertTrue(scale > 0, "a non-zero estimate");
                    for (int i = 0; i < a.length; i++) {
                        worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
                    }
                    assertEquals(reference.diagnostics().get("eta"),
                            fused.diagnostics().get("eta"),
                            1e-10 * Math.abs(reference.diagnostics().get("eta")),
                            "eta with " + options);
                }
                System.out.printf("fused control variate, %d x %d, %s: largest difference "
                        + "%.2e of the largest entry%n", problem.latent().variables(),
                        problem.latent().classes(), options, worst);
                assertTrue(worst <= 1e-10, options + ": fused and reference paths differ by "
                        + worst + " of the largest entry");
            }
        }
    }

    @Test
    void fusedPathDoesNotDependOnTheNumberOfThreads() {
        for (Map<String, String> options : OPTIONS) {
            RebarEstimator serial = (RebarEstimator) WIDE.rebar(options);
            RebarEstimator parallel = (RebarEstimator) WIDE.rebar(options);
            try (WorkerPool three = new WorkerPool(3)) {
                for (long call = 0; call < 3; call++) {
                    assertArrayEquals(estimate(serial, WIDE, 20, call, WorkerPool.SERIAL),
                            estimate(parallel, WIDE, 20, call, three), options + ", call " + call);
                }
            }
        }
    }

    /** One training call on {@code copies} copies of the examples, noise seeded by the call. */
    private static double[] estimate(RebarEstimator estimator, EnumerableProblem problem,
            int copies, long call, WorkerPool workers) {
        INDArray l = problem.tiledLogits(copies);
        FunctionObjective f = problem.objective(copies * problem.examples());
        INDArray g = estimator.estimate(new EstimatorInput(l, l, call, true, workers), f,
                RandomStream.of(100 + call)).gradient();
        return ElementView.of(g).toDoubleArray();
    }
}

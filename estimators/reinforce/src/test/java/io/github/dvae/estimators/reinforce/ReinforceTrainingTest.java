package io.github.dvae.estimators.reinforce;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.testing.SmallTraining;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** REINFORCE with NVIL's learned baseline trains the small preset on synthetic images. */
class ReinforceTrainingTest {

    /**
     * 200 Adam steps of 32 images. Measured (seeded): test ELBO -543.7 to -218.1 nats (+326);
     * a gain of 150 nats is well inside it. The model's Adam steps the baseline's MLP too (its
     * gradient and what it converges to are tested in {@link LearnedBaselineTest}).
     */
    @Test
    void learnedBaselineTrainsTheSmallPreset() {
        VaeArchitecture small = VaeArchitecture.small();
        GradientEstimator e = new ReinforceEstimatorProvider().create(new EstimatorConfig(
                small.latent(), small.dataWidth(), DataType.FLOAT, 1,
                Map.of("baseline", "learned")));
        double[] before = baselineValues(e);
        SmallTraining.Result r = SmallTraining.run(small, e, 200, 32, 2e-3, 1);
        System.out.println("reinforce baseline=learned, 200 steps: " + r + "; " + e.diagnostics());
        assertTrue(r.improvement() > 150, r.toString());
        assertTrue(!java.util.Arrays.equals(before, baselineValues(e)),
                "the model's optimiser steps the baseline's parameters");
    }

    private static double[] baselineValues(GradientEstimator e) {
        return e.parameters().stream().map(Parameter::values)
                .flatMapToDouble(v -> java.util.Arrays.stream(v.toDoubleArray())).toArray();
    }
}

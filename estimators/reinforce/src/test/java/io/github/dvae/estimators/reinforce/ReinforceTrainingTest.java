package io.github.dvae.estimators.reinforce;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.testing.SmallTraining;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** REINFORCE with NVIL's learned baseline trains the small preset on synthetic images. */
class ReinforceTrainingTest {

    @Test
    void learnedBaselineTrainsTheSmallPreset() {
        SmallTraining.Result r = SmallTraining.run(new ReinforceEstimatorProvider(),
                Map.of("baseline", "learned"), 300, 64, 1e-3, 1);
        System.out.println("reinforce baseline=learned, 300 steps: " + r);
        assertTrue(r.improvement() > 100, r.toString());
    }
}

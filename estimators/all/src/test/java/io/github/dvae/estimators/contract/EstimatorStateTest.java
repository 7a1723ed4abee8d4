package io.github.dvae.estimators.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.TrainingStep;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateFormatException;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.testing.TinyProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkpoint contract, for every variant of every discovered estimator: a model and estimator
 * saved after some training steps and restored into fresh ones of the same configuration continue
 * bit-identically (ELBOs, diagnostics, every parameter), and state saved under another latent
 * space is refused.
 */
class EstimatorStateTest {

    private static final int BEFORE = 5;
    private static final int AFTER = 4;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.dvae.estimators.contract.EstimatorContractTest#variants")
    void restoredStateContinuesBitIdentically(String name, EstimatorProvider provider,
            TinyProblem problem, Map<String, String> options) throws IOException {
        Vae original = problem.model(problem.estimator(provider, options), 3, 1.0);
        RandomStream rng = RandomStream.of(11);
        train(original, problem, rng, BEFORE);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        StateOutput out = new StateOutput(saved);
        original.saveState(out);
        out.writeBytes("rng", rng.saveState());
        out.flush();
        List<Object> expected = train(original, problem, rng, AFTER);

        GradientEstimator fresh = problem.estimator(provider, options);
        Vae restored = problem.model(fresh, 3, 1.0);
        RandomStream other = RandomStream.of(99);
        StateInput in = new StateInput(new ByteArrayInputStream(saved.toByteArray()));
        restored.restoreState(in);
        other.restoreState(in.readBytes("rng"));
        assertEquals(BEFORE, restored.steps());
        List<Object> actual = train(restored, problem, other, AFTER);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof double[] e) {
                assertArrayEquals(e, (double[]) actual.get(i), name + ": parameters differ");
            } else {
                assertEquals(expected.get(i), actual.get(i), name + ": record " + i + " differs");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.dvae.estimators.contract.EstimatorContractTest#providers")
    void stateOfAnotherLatentSpaceIsRefused(String name, EstimatorProvider provider)
            throws IOException {
        var kind = provider.latentKinds().iterator().next();
        TinyProblem small = TinyProblem.of(kind);
        LatentSpec larger = small.latent().bernoulli() ? LatentSpec.bernoulli(5)
                : LatentSpec.categorical(3, 3);
        TinyProblem big = new TinyProblem(larger);
        Vae from = small.model(small.estimator(provider, Map.of()), 3, 1.0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        StateOutput out = new StateOutput(saved);
        from.saveState(out);
        out.flush();
        Vae into = big.model(big.estimator(provider, Map.of()), 3, 1.0);
        StateFormatException e = assertThrows(StateFormatException.class, () -> into.restoreState(
                new StateInput(new ByteArrayInputStream(saved.toByteArray()))));
        assertTrue(e.getMessage().contains("values where"), e.getMessage());
    }

    /** ELBOs and diagnostics of each step, then every parameter's value. */
    private static List<Object> train(Vae vae, TinyProblem problem, RandomStream rng, int steps) {
        List<Object> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            TrainingStep step = vae.trainStep(problem.data(), rng);
            out.add(step.elbo());
            out.add(step.reconstruction());
            out.add(vae.estimator().diagnostics().toString());
        }
        for (Parameter p : vae.parameters()) {
            out.add(p.values().toDoubleArray());
        }
        return out;
    }
}

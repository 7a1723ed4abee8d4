package io.github.dvae.estimators.vq;

import static io.github.dvae.core.testing.ArrayAssertions.assertAllFinite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.testing.TinyProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract suite's determinism and finiteness checks, on training steps: the suite probes at
 * frozen state, so it never runs the EMA update or the dead-code reset. Here every variant takes
 * real optimiser steps (state updated) on core's tiny problem with N = 2 vectors of D = 2 against
 * K = 3 entries; dead entries are reset after one idle step so the reset path runs too.
 */
class TrainingStateTest {

    private static final TinyProblem PROBLEM = new TinyProblem(new LatentSpec(2, 3, 2));

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (EstimatorProvider p : List.of(new VqEstimatorProvider(),
                new GumbelVqEstimatorProvider())) {
            for (Map<String, String> options : p.variants()) {
                Map<String, String> withResets = new HashMap<>(options);
                withResets.put("dead-after", "1");
                out.add(Arguments.of(p.id() + withResets, p, withResets));
            }
        }
        return out.stream();
    }

    private static double[] train(EstimatorProvider provider, Map<String, String> options,
            boolean extreme, int steps) {
        GradientEstimator e = PROBLEM.estimator(provider, options);
        Vae vae = PROBLEM.model(e, 3, 1.5);
        if (extreme) {
            TinyProblem.pinEncoderOutput(vae, i -> i % 2 == 0 ? 50.0 : -50.0);
        }
        RandomStream rng = RandomStream.of(5);
        for (int s = 0; s < steps; s++) {
            vae.trainStep(PROBLEM.data(), rng);
        }
        INDArray codebook = e instanceof VqEstimator v ? v.codebook()
                : ((GumbelVqEstimator) e).codebook();
        double[] state = ElementView.of(codebook).toDoubleArray();
        double[] gradients = TinyProblem.gradients(vae);
        double[] diagnostics = e.diagnostics().values().stream().mapToDouble(Double::doubleValue)
                .toArray();
        double[] all = new double[state.length + gradients.length + diagnostics.length];
        System.arraycopy(state, 0, all, 0, state.length);
        System.arraycopy(gradients, 0, all, state.length, gradients.length);
        System.arraycopy(diagnostics, 0, all, state.length + gradients.length,
                diagnostics.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void trainingStepsAreDeterministicAndChangeTheCodebook(String name, EstimatorProvider p,
            Map<String, String> options) {
        double[] first = train(p, options, false, 10);
        assertArrayEquals(first, train(p, options, false, 10), name);
        double[] initial = train(p, options, false, 0);
        assertNotEquals(initial[0], first[0], name + ": ten steps move the codebook");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void trainingAtExtremeEncoderOutputsStaysFinite(String name, EstimatorProvider p,
            Map<String, String> options) {
        Map<String, String> o = new HashMap<>(options);
        if (p instanceof GumbelVqEstimatorProvider) {
            o.put("tau", "0.05");
        }
        assertAllFinite(train(p, o, true, 10), name + " codebook, gradients and diagnostics");
    }
}

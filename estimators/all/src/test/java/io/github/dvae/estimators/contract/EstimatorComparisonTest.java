package io.github.dvae.estimators.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.testing.GradientStudy;
import io.github.dvae.core.testing.TinyProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Estimators side by side on the contract's enumerable problems, as the probes report them:
 * log10 of the mean per-coordinate variance of the encoder's and decoder's parameter gradients
 * and of the logits' gradient, the parameters' mean SNR, and the relative error of the mean
 * against the exact gradient, for 2,000 estimates each after the contract's 50 state-updating
 * warm-up estimates; RELAX also after 1,000 surrogate steps. On the categorical problem
 * ({@link TinyProblem}: 2 variables of 3 classes, 3 examples, model seed 8, encoder output spread
 * 1.5): REINFORCE, REBAR and RELAX; on the Bernoulli one (3 units): REINFORCE and RELAX
 * ({@link EnumerableProblemTable} prints every variant of every estimator at the contract's own
 * warm-up). Printed for the READMEs; the assertions are the orderings the estimators exist for.
 */
class EstimatorComparisonTest {

    private static final int ESTIMATES = 2000;
    private static final String TRAINED = "relax:hidden=10,rate=0.01";

    @Test
    void categoricalProblem() {
        Map<String, GradientStudy.Measurement> rows = table(LatentKind.CATEGORICAL,
                List.of("reinforce", "rebar", "relax"));
        double reinforce = rows.get("reinforce").encoderOutputVariance();
        double rebar = rows.get("rebar").encoderOutputVariance();
        double relax = rows.get(TRAINED + " (1000 surrogate steps)").encoderOutputVariance();
        assertTrue(rebar < reinforce, "rebar " + rebar + " vs reinforce " + reinforce);
        assertTrue(relax < rebar, "trained relax " + relax + " vs rebar " + rebar);
    }

    @Test
    void bernoulliProblem() {
        Map<String, GradientStudy.Measurement> rows = table(LatentKind.BERNOULLI,
                List.of("reinforce", "relax"));
        double reinforce = rows.get("reinforce").encoderOutputVariance();
        double start = rows.get("relax").encoderOutputVariance();
        assertTrue(start < reinforce, "relax " + start + " vs reinforce " + reinforce);
        double trained = rows.get(TRAINED + " (1000 surrogate steps)").encoderOutputVariance();
        assertTrue(trained < start, "trained relax " + trained + " vs relax at its start "
                + start);
    }

    private static Map<String, GradientStudy.Measurement> table(LatentKind kind,
            List<String> specs) {
        TinyProblem problem = TinyProblem.of(kind);
        Map<String, GradientStudy.Measurement> rows = new LinkedHashMap<>();
        for (String spec : specs) {
            rows.put(spec, measure(problem, spec, 50));
        }
        rows.put(TRAINED + " (1000 surrogate steps)", measure(problem, TRAINED, 1000));
        System.out.printf("%s problem (%s)%n%-52s %10s %10s %8s %10s %8s%n", kind.label(),
                problem.latent(), "estimator", "log10 var", "logits", "SNR", "rel. err",
                "max |z|");
        for (Map.Entry<String, GradientStudy.Measurement> r : rows.entrySet()) {
            GradientStudy.Measurement m = r.getValue();
            System.out.printf("%-52s %10.3f %10.3f %8.3f %10.4f %8.2f%n", r.getKey(),
                    Math.log10(m.parameterVariance()), Math.log10(m.encoderOutputVariance()),
                    m.parameterMoments().meanSignalToNoise(), m.parameters().relativeError(),
                    m.parameters().maxAbsZ());
        }
        return rows;
    }

    /**
     * 2,000 estimates of {@code spec} at frozen state, after {@code warmUp} state-updating
     * estimates; more than 50 warm-up steps are taken on 32 copies of the batch, so that a
     * learned surrogate's steps average 96 estimates.
     */
    private static GradientStudy.Measurement measure(TinyProblem problem, String spec,
            int warmUp) {
        String[] parts = spec.split(":", 2);
        Map<String, String> options = new LinkedHashMap<>();
        if (parts.length > 1) {
            for (String kv : parts[1].split(",")) {
                String[] p = kv.split("=", 2);
                options.put(p[0], p[1]);
            }
        }
        GradientEstimator e = problem.estimator(Estimators.find(parts[0]), options);
        Vae vae = problem.model(e, 8, 1.5);
        GradientStudy.Reference exact = GradientStudy.exact(vae, problem.data());
        INDArray warmData = warmUp > 50 ? Nd4j.concat(0,
                Collections.nCopies(32, problem.data()).toArray(new INDArray[0]))
                : problem.data();
        RandomStream rng = RandomStream.of(2024);
        for (int m = 0; m < warmUp; m++) {
            vae.gradientEstimate(warmData, rng, e, false, true);
        }
        return GradientStudy.measure(vae, problem.data(), e, exact, ESTIMATES, rng);
    }
}

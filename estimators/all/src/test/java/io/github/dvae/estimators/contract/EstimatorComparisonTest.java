package io.github.dvae.estimators.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.testing.GradientStudy;
import io.github.dvae.core.testing.TinyProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * REINFORCE, REBAR and RELAX on the contract's categorical problem (the {@link TinyProblem} VAE, 2 variables of
 * 3 classes, 3 examples, model seed 8, encoder output spread 1.5), as the probes report them:
 * log10 of the mean per-coordinate variance of the encoder's and decoder's parameter gradients
 * and of the logits' gradient, the parameters' mean SNR, and the relative error of the mean
 * against the exact gradient, for 2,000 estimates each after the contract's 50 state-updating
 * warm-up estimates; RELAX also after 1,000 surrogate steps. Printed for the READMEs; the
 * assertions are the orderings the estimators exist for.
 */
class EstimatorComparisonTest {

    private static final TinyProblem PROBLEM = new TinyProblem();
    private static final int ESTIMATES = 2000;

    @Test
    void varianceSnrAndRelativeErrorOnTheContractProblem() {
        Map<String, GradientStudy.Measurement> rows = new LinkedHashMap<>();
        for (String spec : new String[] {"reinforce", "rebar", "relax"}) {
            rows.put(spec, measure(spec, 50));
        }
        rows.put("relax:hidden=10,rate=0.01 (1000 surrogate steps)",
                measure("relax:hidden=10,rate=0.01", 1000));
        System.out.printf("%-52s %10s %10s %8s %10s %8s%n", "estimator", "log10 var", "logits",
                "SNR", "rel. err", "max |z|");
        for (Map.Entry<String, GradientStudy.Measurement> r : rows.entrySet()) {
            GradientStudy.Measurement m = r.getValue();
            System.out.printf("%-52s %10.3f %10.3f %8.3f %10.4f %8.2f%n", r.getKey(),
                    Math.log10(m.parameterVariance()), Math.log10(m.encoderOutputVariance()),
                    m.parameterMoments().meanSignalToNoise(), m.parameters().relativeError(),
                    m.parameters().maxAbsZ());
        }
        double reinforce = rows.get("reinforce").encoderOutputVariance();
        double rebar = rows.get("rebar").encoderOutputVariance();
        double relax = rows.get("relax:hidden=10,rate=0.01 (1000 surrogate steps)")
                .encoderOutputVariance();
        assertTrue(rebar < reinforce, "rebar " + rebar + " vs reinforce " + reinforce);
        assertTrue(relax < rebar, "trained relax " + relax + " vs rebar " + rebar);
    }

    /**
     * 2,000 estimates of {@code spec} at frozen state, after {@code warmUp} state-updating
     * estimates; more than 50 warm-up steps are taken on 32 copies of the batch, so that a
     * learned surrogate's steps average 96 estimates.
     */
    private static GradientStudy.Measurement measure(String spec, int warmUp) {
        String[] parts = spec.split(":", 2);
        Map<String, String> options = new LinkedHashMap<>();
        if (parts.length > 1) {
            for (String kv : parts[1].split(",")) {
                String[] p = kv.split("=", 2);
                options.put(p[0], p[1]);
            }
        }
        GradientEstimator e = PROBLEM.estimator(Estimators.find(parts[0]), options);
        assertTrue(e.family() instanceof CategoricalFamily, spec);
        Vae vae = PROBLEM.model(e, 8, 1.5);
        GradientStudy.Reference exact = GradientStudy.exact(vae, PROBLEM.data());
        INDArray warmData = warmUp > 50 ? Nd4j.concat(0,
                Collections.nCopies(32, PROBLEM.data()).toArray(new INDArray[0]))
                : PROBLEM.data();
        RandomStream rng = RandomStream.of(2024);
        for (int m = 0; m < warmUp; m++) {
            vae.gradientEstimate(warmData, rng, e, false, true);
        }
        return GradientStudy.measure(vae, PROBLEM.data(), e, exact, ESTIMATES, rng);
    }
}

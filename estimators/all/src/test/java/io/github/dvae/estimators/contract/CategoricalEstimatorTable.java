package io.github.dvae.estimators.contract;

import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.testing.TinyProblem;
import java.util.Map;

/**
 * Prints, for every categorical estimator variant found, what the contract suite's unbiasedness
 * check measures on its enumerable problem (the same model, data, seeds and number of
 * estimates): log10 of the mean per-parameter variance of the gradient (every encoder and
 * decoder parameter, the REBAR convention; and the encoder's alone, where estimators differ
 * most), the mean signal-to-noise ratio, and the mean's
 * relative error and cosine against the exact gradient. A measurement, not a test: run it with
 * the test class path, e.g.
 * {@code java -cp "$(cat cp.txt):estimators/all/target/test-classes" ...CategoricalEstimatorTable}.
 */
public final class CategoricalEstimatorTable {

    private static final int ESTIMATES = 4000;

    private CategoricalEstimatorTable() {
    }

    public static void main(String[] args) {
        TinyProblem problem = new TinyProblem();
        System.out.printf("| estimator | log10 variance | encoder's log10 variance | SNR | "
                + "relative error | cosine |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        for (EstimatorProvider p : Estimators.discover()) {
            for (Map<String, String> options : p.variants()) {
                GradientEstimator e = problem.estimator(p, options);
                if (!(e.family() instanceof CategoricalFamily)) {
                    continue;
                }
                Vae vae = problem.model(e, 8, 1.5);
                vae.gradientEstimate(problem.data(), RandomStream.of(0),
                        problem.estimator(Estimators.find("exact"), Map.of()), false);
                double[] reference = TinyProblem.gradients(vae);
                RandomStream rng = RandomStream.of(2024);
                for (int m = 0; m < 50; m++) {
                    vae.gradientEstimate(problem.data(), rng, e, false, true);
                }
                CoordinateMoments moments = new CoordinateMoments(reference.length);
                for (int m = 0; m < ESTIMATES; m++) {
                    vae.gradientEstimate(problem.data(), rng, e, false);
                    moments.add(TinyProblem.gradients(vae));
                }
                GradientComparison c = GradientComparison.of(moments, reference);
                int encoder = vae.encoder().parameters().stream().mapToInt(Parameter::size)
                        .sum();
                double encoderVariance = 0;
                for (int i = 0; i < encoder; i++) {
                    encoderVariance += moments.variance(i) / encoder;
                }
                System.out.printf("| `%s%s` | %.3f | %.3f | %.3f | %.4f | %.4f |%n", p.id(),
                        options.isEmpty() ? "" : ":" + options.toString()
                                .replaceAll("[{} ]", ""),
                        Math.log10(moments.meanVariance()), Math.log10(encoderVariance),
                        moments.meanSignalToNoise(), c.relativeError(), c.cosine());
            }
        }
    }
}

package io.github.dvae.estimators.contract;

import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.testing.TinyProblem;
import java.util.Map;

/**
 * Prints, for every estimator variant found and every discrete latent kind it serves, what the
 * contract suite's unbiasedness check measures on that kind's enumerable problem (the same
 * model, data, seeds and number of estimates): log10 of the mean per-parameter variance of the gradient (every encoder and
 * decoder parameter, the REBAR convention; and the encoder's alone, where estimators differ
 * most), the mean signal-to-noise ratio, and the mean's
 * relative error and cosine against the exact gradient. A measurement, not a test: run it with
 * the test class path, e.g.
 * {@code java -cp "$(cat cp.txt):estimators/all/target/test-classes" ...EnumerableProblemTable}.
 */
public final class EnumerableProblemTable {

    private EnumerableProblemTable() {
    }

    public static void main(String[] args) {
        for (LatentKind kind : LatentKind.values()) {
            TinyProblem problem = TinyProblem.of(kind);
            System.out.printf("%n%s problem (%s latents)%n%n", kind.label(), problem.latent());
            System.out.printf("| estimator | log10 variance | encoder's log10 variance | SNR | "
                    + "relative error | cosine |%n");
            System.out.printf("|---|---|---|---|---|---|%n");
            for (EstimatorProvider p : Estimators.discover()) {
                if (!p.latentKinds().contains(kind)) {
                    continue;
                }
                for (Map<String, String> options : p.variants()) {
                    GradientEstimator e = problem.estimator(p, options);
                    if (!(e.family() instanceof DiscreteFamily)) {
                        continue;
                    }
                    row(problem, p, options, e);
                }
            }
        }
    }

    private static void row(TinyProblem problem, EstimatorProvider p, Map<String, String> options,
            GradientEstimator e) {
        EstimatorContractTest.Measurement m = EstimatorContractTest.measure(p.id() + " "
                + problem.latent().kind().label() + " " + options, p, problem, options);
        CoordinateMoments moments = m.moments();
        GradientComparison c = GradientComparison.of(moments, m.reference());
        int encoder = problem.model(e, 8, 1.5).encoder().parameters().stream()
                .mapToInt(Parameter::size).sum();
        double encoderVariance = 0;
        for (int i = 0; i < encoder; i++) {
            encoderVariance += moments.variance(i) / encoder;
        }
        System.out.printf("| `%s%s` | %.3f | %.3f | %.3f | %.4f | %.4f |%n", p.id(),
                options.isEmpty() ? "" : ":" + options.toString().replaceAll("[{} ]", ""),
                Math.log10(moments.meanVariance()), Math.log10(encoderVariance),
                moments.meanSignalToNoise(), c.relativeError(), c.cosine());
    }
}

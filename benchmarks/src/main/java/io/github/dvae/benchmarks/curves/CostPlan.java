package io.github.dvae.benchmarks.curves;

import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The points of the cost curves: for each curve asked for, each estimator and each value of the
 * curve's x, the architecture and batch to run, everything not varied held at the base.
 *
 * <p>The K curve keeps the latent's information content fixed: at K classes it uses
 * N = round(N0 log2 K0 / log2 K) variables (at least 1), N0 x K0 being the base latent, so
 * every point encodes about N0 log2 K0 bits (160 at the seed's 20x256: K = 2 takes N = 160,
 * K = 16 N = 40, K = 1024 N = 16). A Bernoulli base counts as K0 = 2 and its K curve is
 * categorical. The S curve sets the option {@code samples} and holds only the estimators that
 * declare it.
 *
 * @param base the architecture at every point but the varied size
 * @param batch the batch size at every point of the K, N and S curves
 * @param estimators the estimator specs as written, one series each
 * @param values for each curve asked for, its x values in order
 */
public record CostPlan(VaeArchitecture base, int batch, List<String> estimators,
        Map<CostAxis, List<Integer>> values) {

    /** Option that the S curve varies. */
    public static final String SAMPLES = "samples";

    public CostPlan {
        estimators = List.copyOf(estimators);
        Map<CostAxis, List<Integer>> copy = new EnumMap<>(CostAxis.class);
        values.forEach((axis, xs) -> {
            for (int x : xs) {
                int least = axis == CostAxis.K ? 2 : 1;
                if (x < least) {
                    throw new IllegalArgumentException(axis.id() + " values must be >= " + least
                            + ", got " + x);
                }
            }
            copy.put(axis, List.copyOf(xs));
        });
        values = Collections.unmodifiableMap(copy);
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
    }

    /** The default x values of each curve: B 16..1024, K 2..1024, N 5..80, S 1..16. */
    public static List<Integer> defaults(CostAxis axis) {
        return switch (axis) {
            case BATCH -> List.of(16, 32, 64, 128, 256, 512, 1024);
            case K -> List.of(2, 4, 8, 16, 32, 64, 128, 256, 512, 1024);
            case N -> List.of(5, 10, 20, 40, 80);
            case SAMPLES -> List.of(1, 2, 4, 8, 16);
        };
    }

    /** The first two of each curve's defaults: a check that every curve runs, in seconds. */
    public static List<Integer> quickDefaults(CostAxis axis) {
        return defaults(axis).subList(0, 2);
    }

    /** N log2 K of a latent: the bits it encodes, held fixed along the K curve. */
    public static double bits(LatentSpec latent) {
        return latent.variables() * log2(latent.classes());
    }

    /** The variables N at {@code classes} that encode {@code bits}: round(bits / log2 K), >= 1. */
    public static int variablesAt(double bits, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        return Math.max(1, (int) Math.round(bits / log2(classes)));
    }

    private static double log2(int k) {
        return Math.log(k) / Math.log(2);
    }

    /**
     * Every point, curve by curve in {@link CostAxis} order, then estimator by estimator, then x.
     *
     * @throws IllegalArgumentException on an estimator spec that cannot be parsed
     */
    public List<CostPoint> points() {
        List<CostPoint> out = new ArrayList<>();
        for (Map.Entry<CostAxis, List<Integer>> e : values.entrySet()) {
            CostAxis axis = e.getKey();
            for (String label : estimators) {
                EstimatorSpec spec = EstimatorSpec.parse(label);
                if (axis == CostAxis.SAMPLES && !declaresSamples(spec)) {
                    continue;
                }
                for (int x : e.getValue()) {
                    out.add(point(axis, label, spec, x));
                }
            }
        }
        return out;
    }

    private CostPoint point(CostAxis axis, String label, EstimatorSpec spec, int x) {
        LatentSpec l = base.latent();
        return switch (axis) {
            case BATCH -> new CostPoint(axis, label, spec.toString(), x, base.toString(), x);
            case K -> {
                int n = variablesAt(bits(l), x);
                LatentSpec latent = l.kind() == LatentKind.BERNOULLI
                        ? LatentSpec.categorical(n, x)
                        : new LatentSpec(l.kind(), n, x, l.embedding(), false);
                yield new CostPoint(axis, label, spec.toString(), x,
                        base.withLatent(latent).toString(), batch);
            }
            case N -> new CostPoint(axis, label, spec.toString(), x, base.withLatent(
                    new LatentSpec(l.kind(), x, l.classes(), l.embedding(), l.learnedPrior()))
                    .toString(), batch);
            case SAMPLES -> new CostPoint(axis, label, spec.with(SAMPLES, Integer.toString(x))
                    .toString(), x, base.toString(), batch);
        };
    }

    private static boolean declaresSamples(EstimatorSpec spec) {
        return spec.provider().options().stream().map(EstimatorOption::name)
                .anyMatch(SAMPLES::equals);
    }
}

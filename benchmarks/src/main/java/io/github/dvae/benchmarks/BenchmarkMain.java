package io.github.dvae.benchmarks;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The benchmarks jar's main: JMH's own command line, with {@code -p estimator=<ids>} added when
 * the command names no estimator, the ids being every discovered provider that serves every
 * architecture the command names ({@code -p architecture=...}, else
 * {@link #DEFAULT_ARCHITECTURES}), in id order. Serving means {@code create} accepts the
 * architecture's latent space at default options (so {@code exact} appears only where the space
 * is small enough to enumerate, and {@code arm} and {@code disarm} only on Bernoulli units). The
 * benchmarks' {@code estimator} parameters carry no list of their own: a new plug-in is
 * benchmarked without editing them.
 */
public final class BenchmarkMain {

    /** The architectures the estimator list is filtered by when the command names none. */
    static final List<String> DEFAULT_ARCHITECTURES = List.of("small", "seed");

    private static final String ESTIMATOR = "estimator=";
    private static final String ARCHITECTURE = "architecture=";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withEstimators(args));
    }

    /** {@code args}, plus {@code -p estimator=<ids>} unless they set the estimator already. */
    static String[] withEstimators(String[] args) {
        List<String> architectures = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-p") && args[i + 1].startsWith(ESTIMATOR)) {
                return args;
            }
            if (args[i].equals("-p") && args[i + 1].startsWith(ARCHITECTURE)) {
                architectures.addAll(List.of(
                        args[i + 1].substring(ARCHITECTURE.length()).split(",")));
            }
        }
        List<String> ids = servingEvery(architectures.isEmpty() ? DEFAULT_ARCHITECTURES
                : architectures);
        List<String> out = new ArrayList<>(List.of(args));
        out.add("-p");
        out.add(ESTIMATOR + String.join(",", ids));
        return out.toArray(String[]::new);
    }

    /** The ids of the providers whose {@code create} accepts each architecture's latent. */
    static List<String> servingEvery(List<String> architectures) {
        List<String> ids = new ArrayList<>();
        for (EstimatorProvider p : Estimators.discover()) {
            if (architectures.stream().allMatch(a -> serves(p, VaeArchitecture.parse(a)))) {
                ids.add(p.id());
            }
        }
        return ids;
    }

    private static boolean serves(EstimatorProvider provider, VaeArchitecture architecture) {
        return refusal(EstimatorSpec.parse(provider.id()), architecture) == null;
    }

    /**
     * Why {@code spec} cannot train {@code architecture} (its provider's message), or null if
     * it can: its {@code create} accepts the latent space and the options.
     */
    static String refusal(EstimatorSpec spec, VaeArchitecture architecture) {
        try {
            spec.provider().create(new EstimatorConfig(architecture.latent(),
                    architecture.dataWidth(), DataType.FLOAT, 1L, spec.options()));
            return null;
        } catch (IllegalArgumentException e) {
            // requireServes and the option checks refuse with this (or InvalidOptionException).
            return e.getMessage();
        }
    }
}

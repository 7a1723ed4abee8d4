package io.github.dvae.core.estimator;

import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entry point of an estimator plug-in, found by {@link java.util.ServiceLoader}: each plug-in
 * module lists its provider classes in
 * {@code META-INF/services/io.github.dvae.core.estimator.EstimatorProvider}. Providers are cheap
 * to construct; {@link #create} validates the options and builds the estimator.
 */
public interface EstimatorProvider {

    /** The id users write: {@code reinforce}, {@code gumbel-softmax}, ... Lower case, no spaces. */
    String id();

    /** One line: what the estimator is, and its paper. */
    String description();

    /** The options {@link #create} accepts, with defaults. */
    List<EstimatorOption> options();

    /**
     * Option sets that together exercise every code path (each baseline, say), written as the
     * user would; the contract suite tests each one and {@code estimators} lists them. The
     * default is the defaults alone.
     */
    default List<Map<String, String>> variants() {
        return List.of(Map.of());
    }

    /**
     * The latent kinds {@link #create} accepts: categorical by default. The contract suite runs
     * every variant on a problem of each kind declared here, and {@code dvae estimators} lists
     * them.
     */
    default Set<LatentKind> latentKinds() {
        return Set.of(LatentKind.CATEGORICAL);
    }

    /**
     * Refuses a latent space of a kind this provider does not declare.
     *
     * @throws IllegalArgumentException naming the kind and the kinds served
     */
    default void requireServes(LatentSpec latent) {
        if (!latentKinds().contains(latent.kind())) {
            throw new IllegalArgumentException("estimator '" + id() + "' serves "
                    + latentKinds().stream().sorted().map(LatentKind::label)
                            .collect(Collectors.joining(" and ")) + " latents, not "
                    + latent.kind().label() + " (" + latent + ")");
        }
    }

    /**
     * Whether the estimator's expectation equals the exact gradient (REINFORCE, REBAR, exact):
     * the contract suite then tests its mean against enumeration. Biased estimators (relaxations,
     * straight-through) return false and have their bias measured instead.
     */
    boolean unbiased();

    /**
     * Whether the estimator built from these options is unbiased: {@link #unbiased()} unless an
     * option changes it (REINFORCE's NVIL variance normalisation rescales the gradient).
     */
    default boolean unbiased(Map<String, String> options) {
        return unbiased();
    }

    /**
     * Builds an estimator for one run.
     *
     * @throws InvalidOptionException if an option is unknown or out of range
     * @throws IllegalArgumentException if the latent space is one it cannot serve
     */
    GradientEstimator create(EstimatorConfig config);
}

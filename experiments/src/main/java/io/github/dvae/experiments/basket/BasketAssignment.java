package io.github.dvae.experiments.basket;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.experiments.sweep.InvalidSweepException;
import io.github.dvae.reports.store.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which runs of a sweep hold the basket: the runs of the reference configuration (one per seed,
 * so one per configuration of everything but the estimator), each measuring every configuration
 * of the sweep whose latent family is the reference's (a Gaussian row cannot be measured on a
 * categorical model).
 *
 * @param reference the reference configuration's label; empty when the basket is off
 * @param members the labels measured, in the sweep's order, the reference among them
 */
public record BasketAssignment(String reference, List<String> members) {

    /** No basket. */
    public static final BasketAssignment OFF = new BasketAssignment("", List.of());

    public BasketAssignment {
        members = List.copyOf(members);
    }

    /**
     * The assignment for a sweep whose configurations are {@code labels} (canonical specs, in
     * order).
     *
     * @param referenceSpec the {@code --basket-reference} spec; empty: the first configuration
     * @throws InvalidSweepException if the spec names no configuration of the sweep
     */
    public static BasketAssignment of(boolean on, String referenceSpec, List<String> labels,
            VaeArchitecture architecture) {
        if (!on) {
            return OFF;
        }
        String reference = referenceSpec.isBlank() ? labels.get(0)
                : labels.stream().filter(l -> matches(referenceSpec, l)).findFirst()
                        .orElseThrow(() -> new InvalidSweepException("basket-reference '"
                                + referenceSpec + "' is none of the sweep's configurations: "
                                + String.join(", ", labels)));
        Class<?> family = family(reference, architecture);
        List<String> members = new ArrayList<>();
        for (String label : labels) {
            if (family(label, architecture).equals(family)) {
                members.add(label);
            }
        }
        return new BasketAssignment(reference, members);
    }

    /** {@code run} with the basket's setting if it is a reference run, else as it is. */
    public RunConfig apply(RunConfig run) {
        return reference.isEmpty() || !run.label().equals(reference) ? run
                : run.with(BasketSettings.ESTIMATORS, String.join(" ", members));
    }

    /**
     * Whether configuration {@code label} is what {@code spec} asks for: the same estimator, and
     * every option the spec sets at the same value (so {@code gumbel-softmax} matches the first
     * temperature of a sweep, {@code gumbel-softmax:tau=0.50} the one at 0.5).
     */
    static boolean matches(String spec, String label) {
        EstimatorSpec wanted;
        try {
            wanted = EstimatorSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new InvalidSweepException("basket-reference: " + e.getMessage(), e);
        }
        EstimatorSpec candidate = EstimatorSpec.parse(label);
        if (!wanted.id().equals(candidate.id())) {
            return false;
        }
        EstimatorProvider provider = Estimators.find(candidate.id());
        for (Map.Entry<String, String> o : wanted.options().entrySet()) {
            String defaultValue = provider.options().stream()
                    .filter(d -> d.name().equals(o.getKey())).map(EstimatorOption::defaultValue)
                    .findFirst().orElse(null);
            String have = candidate.options().getOrDefault(o.getKey(), defaultValue);
            if (have == null || !EstimatorOptions.canonical(o.getValue(), defaultValue)
                    .equals(EstimatorOptions.canonical(have, defaultValue))) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> family(String label, VaeArchitecture architecture) {
        EstimatorSpec spec = EstimatorSpec.parse(label);
        return Estimators.find(spec.id()).create(EstimatorConfig.of(architecture.latent(),
                architecture.dataWidth()).withOptions(spec.options())).family().getClass();
    }
}

package io.github.dvae.core.estimator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds estimator plug-ins on the class path with {@link ServiceLoader}. */
public final class Estimators {

    private Estimators() {
    }

    /** Every provider found, sorted by id. */
    public static List<EstimatorProvider> discover() {
        List<EstimatorProvider> found = new ArrayList<>();
        for (EstimatorProvider p : ServiceLoader.load(EstimatorProvider.class)) {
            found.add(p);
        }
        found.sort(Comparator.comparing(EstimatorProvider::id));
        return List.copyOf(found);
    }

    /**
     * The provider with this id.
     *
     * @throws InvalidOptionException naming the ids found, if none has this id
     */
    public static EstimatorProvider find(String id) {
        List<EstimatorProvider> all = discover();
        for (EstimatorProvider p : all) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        String known = all.stream().map(EstimatorProvider::id).collect(Collectors.joining(", "));
        throw new InvalidOptionException("unknown estimator '" + id + "'; found: "
                + (known.isEmpty() ? "(no estimator plug-ins on the class path)" : known));
    }
}

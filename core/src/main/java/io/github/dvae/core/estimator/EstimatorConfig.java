package io.github.dvae.core.estimator;

import io.github.dvae.core.latent.LatentSpec;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Everything a provider needs to build an estimator for one run.
 *
 * @param latent the latent space's size
 * @param dataWidth width of one data example (784 pixels), for input-dependent baselines
 * @param dataType the model's floating-point type (FLOAT to train, DOUBLE in gradient checks)
 * @param seed seeds the estimator's own parameters, if it has any
 * @param options the user's options by name, as written ({@code tau -> "0.5"}); validated by the
 *     provider through {@link EstimatorOptions}
 */
public record EstimatorConfig(LatentSpec latent, int dataWidth, DataType dataType, long seed,
        Map<String, String> options) {

    public EstimatorConfig {
        options = Map.copyOf(options);
    }

    /** A float configuration with no options. */
    public static EstimatorConfig of(LatentSpec latent, int dataWidth) {
        return new EstimatorConfig(latent, dataWidth, DataType.FLOAT, 0L, Map.of());
    }

    /** This configuration with {@code name=value} added or replaced. */
    public EstimatorConfig withOption(String name, String value) {
        Map<String, String> m = new TreeMap<>(options);
        m.put(name, value);
        return new EstimatorConfig(latent, dataWidth, dataType, seed, m);
    }

    /** This configuration with the given options instead. */
    public EstimatorConfig withOptions(Map<String, String> replacement) {
        return new EstimatorConfig(latent, dataWidth, dataType, seed, replacement);
    }

    /** This configuration in another data type. */
    public EstimatorConfig withDataType(DataType type) {
        return new EstimatorConfig(latent, dataWidth, type, seed, options);
    }
}

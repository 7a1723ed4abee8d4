package io.github.dvae.core.estimator;

/**
 * One option an estimator accepts, as shown by {@code --help} and {@code list-estimators}.
 *
 * @param name the key users write ({@code tau} in {@code gumbel-softmax:tau=0.5})
 * @param defaultValue the value used when the option is not given
 * @param description what it does and which values are allowed
 */
public record EstimatorOption(String name, String defaultValue, String description) {
}

package io.github.dvae.core.toy;

/**
 * A scalar function of one decoder-input row {@code z} (length {@code width}) and of the example
 * it belongs to, with its gradient in {@code z}.
 */
public interface DifferentiableFunction {

    /** {@code f_example(z)}. */
    double value(int example, double[] z);

    /** Writes {@code d f_example / d z} into {@code gradient} and returns {@code f_example(z)}. */
    double valueAndGradient(int example, double[] z, double[] gradient);
}

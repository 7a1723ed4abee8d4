package io.github.dvae.core.nn;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An elementwise activation whose derivative can be computed from the activation's output alone,
 * so a layer keeps only its output for the backward pass. Written {@code identity}, {@code relu},
 * {@code sigmoid} or {@code leakyrelu(alpha)} (see {@link #parse}); {@link #toString} gives the
 * written form back.
 *
 * @param kind which function
 * @param negativeSlope LeakyReLU's slope for negative inputs, in {@code (0, 1)}; 0 for the others
 */
public record Activation(Kind kind, double negativeSlope) {

    /** The functions there are. */
    public enum Kind { IDENTITY, RELU, SIGMOID, LEAKY_RELU }

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);
    public static final Activation RELU = new Activation(Kind.RELU, 0);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0);

    private static final Pattern LEAKY = Pattern.compile("leakyrelu\\(([^)]*)\\)");

    /**
     * @throws IllegalArgumentException if a LeakyReLU's slope is outside (0, 1), where its
     *     derivative could not be read from its output, or another kind has a slope
     */
    public Activation {
        if (kind == Kind.LEAKY_RELU) {
            if (!(negativeSlope > 0 && negativeSlope < 1)) {
                throw new IllegalArgumentException("leakyrelu's negative slope must be in (0, 1), "
                        + "got " + negativeSlope);
            }
        } else if (negativeSlope != 0) {
            throw new IllegalArgumentException(kind + " takes no slope, got " + negativeSlope);
        }
    }

    /** LeakyReLU: {@code x} for {@code x > 0}, else {@code alpha x}; alpha in (0, 1). */
    public static Activation leakyRelu(double alpha) {
        return new Activation(Kind.LEAKY_RELU, alpha);
    }

    /**
     * The written form: {@code identity}, {@code relu}, {@code sigmoid} or {@code leakyrelu(a)}.
     *
     * @throws IllegalArgumentException naming the text and the forms allowed
     */
    public static Activation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "identity":
                return IDENTITY;
            case "relu":
                return RELU;
            case "sigmoid":
                return SIGMOID;
            default:
                break;
        }
        Matcher m = LEAKY.matcher(t);
        if (m.matches()) {
            double alpha;
            try {
                alpha = Double.parseDouble(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("activation '" + text + "': slope '"
                        + m.group(1) + "' is not a number", e);
            }
            try {
                return leakyRelu(alpha);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("activation '" + text + "': "
                        + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("activation '" + text + "' is not one of identity, "
                + "relu, sigmoid, leakyrelu(alpha) with alpha in (0, 1)");
    }

    /** The activation of one pre-activation value. */
    public double apply(double preActivation) {
        switch (kind) {
            case IDENTITY:
                return preActivation;
            case RELU:
                return preActivation > 0 ? preActivation : 0.0;
            case LEAKY_RELU:
                return preActivation > 0 ? preActivation : negativeSlope * preActivation;
            default:
                return preActivation >= 0
                        ? 1.0 / (1.0 + Math.exp(-preActivation))
                        : Math.exp(preActivation) / (1.0 + Math.exp(preActivation));
        }
    }

    /**
     * d output / d pre-activation, written in terms of the output (LeakyReLU keeps the sign, so
     * its output says which side the input was on).
     */
    public double derivativeFromOutput(double output) {
        switch (kind) {
            case IDENTITY:
                return 1.0;
            case RELU:
                return output > 0 ? 1.0 : 0.0;
            case LEAKY_RELU:
                return output > 0 ? 1.0 : negativeSlope;
            default:
                return output * (1.0 - output);
        }
    }

    /** The written form {@link #parse} reads. */
    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? "leakyrelu(" + negativeSlope + ")"
                : kind.name().toLowerCase(Locale.ROOT);
    }
}

package io.github.dvae.core.nn;

/**
 * Elementwise activations whose derivative can be computed from the activation's output alone, so
 * a layer keeps only its output for the backward pass.
 */
public enum Activation {
    IDENTITY {
        @Override
        public double apply(double preActivation) {
            return preActivation;
        }

        @Override
        public double derivativeFromOutput(double output) {
            return 1.0;
        }
    },
    RELU {
        @Override
        public double apply(double preActivation) {
            return preActivation > 0 ? preActivation : 0.0;
        }

        @Override
        public double derivativeFromOutput(double output) {
            return output > 0 ? 1.0 : 0.0;
        }
    },
    SIGMOID {
        @Override
        public double apply(double preActivation) {
            return preActivation >= 0
                    ? 1.0 / (1.0 + Math.exp(-preActivation))
                    : Math.exp(preActivation) / (1.0 + Math.exp(preActivation));
        }

        @Override
        public double derivativeFromOutput(double output) {
            return output * (1.0 - output);
        }
    };

    /** The activation of one pre-activation value. */
    public abstract double apply(double preActivation);

    /** d output / d pre-activation, written in terms of the output. */
    public abstract double derivativeFromOutput(double output);
}

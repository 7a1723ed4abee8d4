package io.github.dvae.core.nn;

import io.github.dvae.core.tensor.ElementView;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's defaults and update rule: bias-corrected moments,
 * {@code epsilon} added to the square root of the corrected second moment.
 */
public final class Adam {

    /** Adam's hyper-parameters. */
    public record Settings(double learningRate, double beta1, double beta2, double epsilon) {
        public Settings {
            if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
                    || !(epsilon > 0)) {
                throw new IllegalArgumentException("Adam needs learningRate > 0, 0 <= beta < 1, "
                        + "epsilon > 0; got " + learningRate + ", " + beta1 + ", " + beta2 + ", "
                        + epsilon);
            }
        }

        /** PyTorch's defaults at the given learning rate. */
        public static Settings of(double learningRate) {
            return new Settings(learningRate, 0.9, 0.999, 1e-8);
        }
    }

    private final Settings settings;
    private final List<Slot> slots = new ArrayList<>();
    private long steps;

    public Adam(Settings settings, List<Parameter> parameters) {
        this.settings = settings;
        for (Parameter p : parameters) {
            slots.add(new Slot(p));
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Number of updates applied so far. */
    public long steps() {
        return steps;
    }

    /** Applies one update to every parameter from its current gradient. */
    public void step() {
        steps++;
        double lr = settings.learningRate();
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double eps = settings.epsilon();
        double correction1 = 1 - Math.pow(b1, steps);
        double correction2 = 1 - Math.pow(b2, steps);
        double stepSize = lr / correction1;
        double sqrtCorrection2 = Math.sqrt(correction2);
        for (Slot s : slots) {
            ElementView value = s.parameter.values();
            ElementView grad = s.parameter.gradients();
            double[] m = s.firstMoment;
            double[] v = s.secondMoment;
            for (int i = 0; i < m.length; i++) {
                double g = grad.get(i);
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                value.add(i, -stepSize * m[i] / (Math.sqrt(v[i]) / sqrtCorrection2 + eps));
            }
        }
    }

    private static final class Slot {
        final Parameter parameter;
        final double[] firstMoment;
        final double[] secondMoment;

        Slot(Parameter parameter) {
            this.parameter = parameter;
            this.firstMoment = new double[parameter.size()];
            this.secondMoment = new double[parameter.size()];
        }
    }
}

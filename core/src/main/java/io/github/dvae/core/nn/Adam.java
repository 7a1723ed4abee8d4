package io.github.dvae.core.nn;

import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
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

    /** Elements per chunk: staged in heap arrays small enough to stay in cache. */
    private static final int CHUNK = 2048;

    private final Settings settings;
    private final List<Slot> slots = new ArrayList<>();
    private final WorkerPool workers;
    private long steps;

    /** Adam on the calling thread. */
    public Adam(Settings settings, List<Parameter> parameters) {
        this(settings, parameters, WorkerPool.SERIAL);
    }

    /** Adam whose update is spread over {@code workers}' threads. */
    public Adam(Settings settings, List<Parameter> parameters, WorkerPool workers) {
        this.settings = settings;
        this.workers = workers;
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
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double stepSize = settings.learningRate() / (1 - Math.pow(b1, steps));
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(b2, steps));
        double eps = settings.epsilon();
        for (Slot s : slots) {
            // Memory-bound: each element's four values are read once and three written once.
            workers.forRange(s.parameter.size(), 16 * CHUNK, (from, to) -> {
                double[] g = new double[CHUNK];
                double[] p = new double[CHUNK];
                double[] m = new double[CHUNK];
                double[] v = new double[CHUNK];
                for (int at = from; at < to; at += CHUNK) {
                    int n = Math.min(CHUNK, to - at);
                    s.parameter.gradients().copyTo(at, g, 0, n);
                    s.parameter.values().copyTo(at, p, 0, n);
                    s.firstMoment.copyTo(at, m, 0, n);
                    s.secondMoment.copyTo(at, v, 0, n);
                    for (int i = 0; i < n; i++) {
                        double gi = g[i];
                        double mi = b1 * m[i] + (1 - b1) * gi;
                        double vi = b2 * v[i] + (1 - b2) * gi * gi;
                        m[i] = mi;
                        v[i] = vi;
                        p[i] -= stepSize * mi / (Math.sqrt(vi) / sqrtCorrection2 + eps);
                    }
                    s.parameter.values().write(at, p, 0, n);
                    s.firstMoment.write(at, m, 0, n);
                    s.secondMoment.write(at, v, 0, n);
                }
            });
        }
    }

    /** A parameter and its moment estimates, stored in the parameter's own precision. */
    private static final class Slot {
        final Parameter parameter;
        final ElementView firstMoment;
        final ElementView secondMoment;

        Slot(Parameter parameter) {
            this.parameter = parameter;
            this.firstMoment = ElementView.of(parameter.value().ulike().assign(0));
            this.secondMoment = ElementView.of(parameter.value().ulike().assign(0));
        }
    }
}

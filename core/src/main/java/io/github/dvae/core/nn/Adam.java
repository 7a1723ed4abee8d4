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

    /** Moments below this are flushed to zero (see {@link #step()}). */
    private static final float TINY = 1e-30f;

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

    /**
     * Applies one update to every parameter from its current gradient. The arithmetic is in
     * float, as PyTorch's, with the moments on the heap: the update is bound by memory traffic,
     * and float moments halve it.
     */
    public void step() {
        steps++;
        float b1 = (float) settings.beta1();
        float b2 = (float) settings.beta2();
        float stepSize = (float) (settings.learningRate() / (1 - Math.pow(settings.beta1(), steps)));
        float inverseSqrtCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(settings.beta2(), steps)));
        float eps = (float) settings.epsilon();
        for (Slot s : slots) {
            ElementView values = s.parameter.values();
            ElementView gradients = s.parameter.gradients();
            float[] m = s.firstMoment;
            float[] v = s.secondMoment;
            workers.forRange(m.length, 16 * CHUNK, (from, to) -> {
                float[] g = new float[CHUNK];
                float[] p = new float[CHUNK];
                for (int at = from; at < to; at += CHUNK) {
                    int n = Math.min(CHUNK, to - at);
                    gradients.copyTo(at, g, 0, n);
                    values.copyTo(at, p, 0, n);
                    for (int i = 0; i < n; i++) {
                        float gi = g[i];
                        float mi = b1 * m[at + i] + (1 - b1) * gi;
                        float vi = b2 * v[at + i] + (1 - b2) * gi * gi;
                        // The moments of a parameter whose gradient stays zero decay geometrically
                        // into subnormal floats, which slow every multiply by two orders of
                        // magnitude; below 1e-30 they move the parameter by less than lr * 1e-22.
                        mi = Math.abs(mi) < TINY ? 0f : mi;
                        vi = vi < TINY ? 0f : vi;
                        m[at + i] = mi;
                        v[at + i] = vi;
                        p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * inverseSqrtCorrection2 + eps);
                    }
                    values.write(at, p, 0, n);
                }
            });
        }
    }

    /** A parameter and its moment estimates. */
    private static final class Slot {
        final Parameter parameter;
        final float[] firstMoment;
        final float[] secondMoment;

        Slot(Parameter parameter) {
            this.parameter = parameter;
            this.firstMoment = new float[parameter.size()];
            this.secondMoment = new float[parameter.size()];
        }
    }
}

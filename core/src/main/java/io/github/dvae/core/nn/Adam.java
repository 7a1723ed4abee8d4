package io.github.dvae.core.nn;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import java.io.IOException;
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

    /** A chunk of zeros, never written. */
    private static final float[] ZEROS = new float[CHUNK];

    /** Moments below this are flushed to zero (see {@link #flushTiny}). */
    private static final float TINY = 1e-30f;

    /** Steps between flushes of tiny moments. */
    private static final int FLUSH_EVERY = 64;

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

    /** Writes the step count and both moments of every parameter (not the parameters). */
    public void saveState(StateOutput out) throws IOException {
        out.writeLong("adam.steps", steps);
        for (Slot s : slots) {
            out.writeFloats("adam.m." + s.parameter.name(), s.firstMoment);
            out.writeFloats("adam.v." + s.parameter.name(), s.secondMoment);
        }
    }

    /** Reads what {@link #saveState} wrote, for the same parameters in the same order. */
    public void restoreState(StateInput in) throws IOException {
        steps = in.readLong("adam.steps");
        for (Slot s : slots) {
            float[] m = in.readFloats("adam.m." + s.parameter.name(), s.firstMoment.length);
            float[] v = in.readFloats("adam.v." + s.parameter.name(), s.secondMoment.length);
            System.arraycopy(m, 0, s.firstMoment, 0, m.length);
            System.arraycopy(v, 0, s.secondMoment, 0, v.length);
        }
    }

    /**
     * Applies one update to every parameter from its current gradient, and leaves every gradient
     * zero, ready for the next step's accumulation. The arithmetic is in float, as PyTorch's, with
     * the moments on the heap: the update is bound by memory traffic, and float moments halve it.
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
            float[] g = s.gradientMirror;
            float[] p = s.valueMirror;
            workers.forRange(m.length, 16 * CHUNK, (from, to) -> {
                for (int at = from; at < to; at += CHUNK) {
                    int end = Math.min(to, at + CHUNK);
                    gradients.copyTo(at, g, at, end - at);
                    // Cleared while its lines are in cache: cheaper than a separate pass.
                    gradients.write(at, ZEROS, 0, end - at);
                    values.copyTo(at, p, at, end - at);
                    update(g, p, m, v, at, end, b1, b2, stepSize, inverseSqrtCorrection2, eps);
                    values.write(at, p, at, end - at);
                }
            });
            if (steps % FLUSH_EVERY == 0) {
                workers.forRange(m.length, 16 * CHUNK, (from, to) -> flushTiny(m, v, from, to));
            }
        }
    }

    /**
     * The update of elements {@code [from, to)}. Every array is indexed by the same {@code i}:
     * with mixed offsets (a chunk buffer beside full-length moments) the JIT does not vectorise
     * the loop, which then runs several times slower (measured: 14 ms against 5 ms for 4.7M
     * parameters on one thread). Hence the full-length mirrors of the value and gradient.
     */
    private static void update(float[] g, float[] p, float[] m, float[] v, int from, int to,
            float b1, float b2, float stepSize, float inverseSqrtCorrection2, float eps) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + (1 - b1) * gi;
            float vi = b2 * v[i] + (1 - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * inverseSqrtCorrection2 + eps);
        }
    }

    /**
     * The moments of a parameter whose gradient stays zero decay geometrically into subnormal
     * floats, which slow every multiply by two orders of magnitude on x86. Every
     * {@link #FLUSH_EVERY} steps, moments below {@link #TINY} are set to zero: they would move the
     * parameter by less than {@code lr * 1e-22}, and from 1e-30 the first moment needs over 170
     * steps (the second far more) to reach the subnormal range. A separate sweep, because a
     * conditional in the update loop stops the JIT from vectorising it (8x slower, measured).
     */
    private static void flushTiny(float[] m, float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Math.abs(m[i]) < TINY) {
                m[i] = 0f;
            }
            if (v[i] < TINY) {
                v[i] = 0f;
            }
        }
    }

    /**
     * A parameter, its moment estimates, and heap mirrors of its value and gradient that chunks
     * are staged in at their own offsets (see {@link #update}).
     */
    private static final class Slot {
        final Parameter parameter;
        final float[] firstMoment;
        final float[] secondMoment;
        final float[] gradientMirror;
        final float[] valueMirror;

        Slot(Parameter parameter) {
            this.parameter = parameter;
            this.firstMoment = new float[parameter.size()];
            this.secondMoment = new float[parameter.size()];
            this.gradientMirror = new float[parameter.size()];
            this.valueMirror = new float[parameter.size()];
        }
    }
}

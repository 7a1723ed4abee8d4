package io.github.dvae.core.nn;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.VectorModule;
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

    /**
     * Whether chunks are updated through {@link AdamKernel} (the Vector API, where the JVM has
     * {@code jdk.incubator.vector}); the same bits either way.
     */
    private static final boolean VECTOR_API = VectorModule.PRESENT;

    /** Steps between flushes of tiny moments. */
    private static final int FLUSH_EVERY = 64;

    private final Settings settings;
    private final List<Slot> slots = new ArrayList<>();
    private final WorkerPool workers;
    /** Chunk buffers, one set per piece of an update (at most one piece per thread). */
    private final Staging[] staging;
    private long steps;

    /** Adam on the calling thread. */
    public Adam(Settings settings, List<Parameter> parameters) {
        this(settings, parameters, WorkerPool.SERIAL);
    }

    /** Adam whose update is spread over {@code workers}' threads. */
    public Adam(Settings settings, List<Parameter> parameters, WorkerPool workers) {
        this.settings = settings;
        this.workers = workers;
        this.staging = new Staging[workers.threads()];
        for (int i = 0; i < staging.length; i++) {
            staging[i] = new Staging();
        }
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
     *
     * <p>Each thread stages a cache-sized chunk of gradient and value in its own buffers, updates
     * it against the moments at the chunk's offset, and writes the value back: one read of
     * gradient, value and moments and one write of value, moments and the cleared gradient per
     * element, nothing else reaching memory.
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
            int n = m.length;
            int pieces = Math.max(1, Math.min(staging.length, n / (16 * CHUNK)));
            workers.forEach(pieces, piece -> {
                Staging buffers = staging[piece];
                float[] g = buffers.gradient;
                float[] p = buffers.value;
                int from = (int) ((long) n * piece / pieces);
                int to = (int) ((long) n * (piece + 1) / pieces);
                for (int at = from; at < to; at += CHUNK) {
                    int count = Math.min(to, at + CHUNK) - at;
                    gradients.copyTo(at, g, 0, count);
                    // Cleared while its lines are in cache: cheaper than a separate pass.
                    gradients.write(at, ZEROS, 0, count);
                    values.copyTo(at, p, 0, count);
                    if (VECTOR_API) {
                        int done = AdamKernel.update(g, p, m, v, at, count, b1, b2, stepSize,
                                inverseSqrtCorrection2, eps);
                        update(g, p, m, v, at, done, count, b1, b2, stepSize,
                                inverseSqrtCorrection2, eps);
                    } else {
                        stagedUpdate(g, p, buffers.firstMoment, buffers.secondMoment, m, v, at,
                                count, b1, b2, stepSize, inverseSqrtCorrection2, eps);
                    }
                    values.write(at, p, 0, count);
                }
            });
            if (steps % FLUSH_EVERY == 0) {
                workers.forRange(n, 16 * CHUNK, (from, to) -> flushTiny(m, v, from, to));
            }
        }
    }

    /**
     * The update of chunk elements {@code [from, to)}: {@code g} and {@code p} at {@code i},
     * the moments at {@code at + i}. The scalar form of {@link AdamKernel#update}, the same
     * operations in the same order (so the same bits: each is an exactly rounded float
     * operation, and Java contracts none into a fused multiply-add); here for the tail of a chunk
     * and as the reference of the tests. Mixed offsets keep C2 from vectorising this loop
     * (measured: 14 ms against 5 ms for 4.7M parameters on one thread), hence {@link
     * #stagedUpdate} where the Vector API is absent.
     */
    static void update(float[] g, float[] p, float[] m, float[] v, int at, int from, int to,
            float b1, float b2, float stepSize, float inverseSqrtCorrection2, float eps) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[at + i] + (1 - b1) * gi;
            float vi = b2 * v[at + i] + (1 - b2) * gi * gi;
            m[at + i] = mi;
            v[at + i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * inverseSqrtCorrection2 + eps);
        }
    }

    /**
     * {@link #update} over a whole chunk without the Vector API: the moments staged in chunk
     * buffers too, so that every array is indexed by the same {@code i} and C2 vectorises the
     * loop; copies within the cache, so no more memory traffic than the direct update.
     */
    static void stagedUpdate(float[] g, float[] p, float[] mc, float[] vc, float[] m, float[] v,
            int at, int count, float b1, float b2, float stepSize, float inverseSqrtCorrection2,
            float eps) {
        System.arraycopy(m, at, mc, 0, count);
        System.arraycopy(v, at, vc, 0, count);
        for (int i = 0; i < count; i++) {
            float gi = g[i];
            float mi = b1 * mc[i] + (1 - b1) * gi;
            float vi = b2 * vc[i] + (1 - b2) * gi * gi;
            mc[i] = mi;
            vc[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * inverseSqrtCorrection2 + eps);
        }
        System.arraycopy(mc, 0, m, at, count);
        System.arraycopy(vc, 0, v, at, count);
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

    /**
     * One thread's chunk buffers (the moments' only where the Vector API is absent, see {@link
     * #stagedUpdate}); every element is written before it is read.
     */
    private static final class Staging {
        final float[] gradient = new float[CHUNK];
        final float[] value = new float[CHUNK];
        final float[] firstMoment = VECTOR_API ? null : new float[CHUNK];
        final float[] secondMoment = VECTOR_API ? null : new float[CHUNK];
    }
}

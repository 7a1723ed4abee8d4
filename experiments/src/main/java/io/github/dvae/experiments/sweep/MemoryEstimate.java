package io.github.dvae.experiments.sweep;

import io.github.dvae.experiments.metric.IwBound;
import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.reports.store.RunConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a sweep's runs will need in memory, estimated before the first run starts so that a size
 * that cannot fit is refused with its figure and the limit, not found out after training. Per
 * run: parameters ({@code float}: value and gradient off-heap, Adam's two moments and two heap
 * mirrors on the heap), activations of the largest decoder call (the minibatch times its samples,
 * the probe's batch, an evaluation chunk; three buffers per layer width, forward and backward),
 * the binarised test set, and the importance-weighted bound's log-weights ({@code K} doubles per
 * image of its batch, on the heap). Runs at once multiply it. The estimate is a floor: JVM, ND4J
 * and data set overheads come on top, so a sweep that passes can still be tight.
 *
 * @param parameters the largest run's parameter count
 * @param heapBytes Java heap the runs at once need
 * @param nativeBytes native (off-heap) memory the runs at once need
 * @param runsAtOnce runs training at the same time
 */
public record MemoryEstimate(long parameters, long heapBytes, long nativeBytes, int runsAtOnce) {

    /** Most elements of one Java array, hence of one layer's weights (Adam's heap mirrors). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Rows of the test set evaluated per call (the binarised test set's chunk). */
    private static final int EVALUATION_ROWS = 500;

    /**
     * What {@code plan} needs with {@code runsAtOnce} runs training together.
     *
     * @throws InvalidSweepException if a layer cannot exist at all (more weights than a Java
     *     array holds)
     */
    public static MemoryEstimate of(SweepPlan plan, int runsAtOnce) {
        long heap = 0;
        long nativeMemory = 0;
        long parameters = 0;
        VaeArchitecture a = plan.architecture();
        for (RunConfig run : plan.runs()) {
            LatentFamily family = Estimators.find(run.estimator()).create(new EstimatorConfig(
                    a.latent(), a.dataWidth(), DataType.FLOAT, 0L, run.options())).family();
            int[] encoder = a.encoderSizes(family.encoderWidth());
            int[] decoder = a.decoderSizes(family.decoderWidth());
            long p = parameters(a, encoder) + parameters(a, decoder);
            long widths = sum(encoder) + sum(decoder);
            long samples = option(run, "samples");
            int testExamples = run.get(TrainingSettings.TEST_EXAMPLES);
            long rows = Math.max(Math.max((long) run.get(TrainingSettings.BATCH_SIZE) * samples
                    * 3, ProbeSettings.enabled(run) ? 3L * run.get(ProbeSettings.BATCH) : 0),
                    Math.min(EVALUATION_ROWS, testExamples));
            long runNative = Math.addExact(Math.multiplyExact(8L, p),
                    4L * 3 * rows * widths + 4L * testExamples * a.dataWidth());
            long runHeap = Math.multiplyExact(16L, p);
            if (run.get(IwBound.SAMPLES) > 0) {
                long k = run.get(IwBound.SAMPLES);
                long batch = Math.max(1, Math.min(100, (1 << 20) / k));
                runHeap = Math.addExact(runHeap, k * (24 + 8 * batch));
                runNative = Math.addExact(runNative, 4L * 3 * batch * widths);
            }
            parameters = Math.max(parameters, p);
            heap = Math.max(heap, runHeap);
            nativeMemory = Math.max(nativeMemory, runNative);
        }
        int atOnce = Math.max(1, Math.min(runsAtOnce, plan.runs().size()));
        return new MemoryEstimate(parameters, saturatingTimes(heap, atOnce),
                saturatingTimes(nativeMemory, atOnce), atOnce);
    }

    /**
     * Refuses the sweep if the estimate passes a limit: the JVM's heap ({@code -Xmx}), the native
     * memory JavaCPP lets ND4J allocate, or the machine's memory.
     *
     * @throws InvalidSweepException naming the figure and the limit
     */
    public void requireWithin(long maxHeap, long maxNative, long machine) {
        String what = String.format(Locale.ROOT, "%s parameters per run, %d run(s) at once",
                count(parameters), runsAtOnce);
        if (heapBytes > maxHeap) {
            throw new InvalidSweepException("the sweep needs about " + bytes(heapBytes)
                    + " of Java heap (" + what + ": Adam's state and the bound's log-weights) "
                    + "but this JVM may use " + bytes(maxHeap) + " (-Xmx); use a smaller "
                    + "architecture, --iw-samples or --jobs, or a larger -Xmx");
        }
        if (maxNative > 0 && nativeBytes > maxNative) {
            throw new InvalidSweepException("the sweep needs about " + bytes(nativeBytes)
                    + " of native memory (" + what + ": weights, gradients and activations) but "
                    + "ND4J may allocate " + bytes(maxNative) + " (-Dorg.bytedeco.javacpp."
                    + "maxBytes); use a smaller architecture, --batch-size or --jobs");
        }
        if (machine > 0 && heapBytes + nativeBytes > machine) {
            throw new InvalidSweepException("the sweep needs about "
                    + bytes(heapBytes + nativeBytes) + " of memory (" + what + ") but the "
                    + "machine has " + bytes(machine) + "; use a smaller architecture or "
                    + "--jobs");
        }
    }

    /** {@link #requireWithin} the limits of this JVM and machine. */
    public void requireWithinThisMachine() {
        requireWithin(Runtime.getRuntime().maxMemory(), nativeLimit(), machineMemory());
    }

    /** JavaCPP's limit on native allocations (ND4J's off-heap memory); 0 if unknown. */
    static long nativeLimit() {
        try {
            return Math.max(0, org.bytedeco.javacpp.Pointer.maxBytes());
        } catch (LinkageError e) {
            return 0;
        }
    }

    /** The machine's physical memory; 0 if unknown. */
    static long machineMemory() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static long parameters(VaeArchitecture a, int[] sizes) {
        long total = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            long weights = (long) sizes[i] * sizes[i + 1];
            if (weights > MAX_ARRAY) {
                throw new InvalidSweepException("architecture " + a + ": a layer of " + sizes[i]
                        + " x " + sizes[i + 1] + " = " + count(weights) + " weights cannot exist "
                        + "(at most " + count(MAX_ARRAY) + " per layer, one Java array)");
            }
            total += weights + sizes[i + 1];
        }
        return total;
    }

    private static long sum(int[] sizes) {
        long s = 0;
        for (int v : sizes) {
            s += v;
        }
        return s;
    }

    private static long option(RunConfig run, String name) {
        String v = run.options().get(name);
        try {
            return v == null ? 1 : Math.max(1, Long.parseLong(v));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long saturatingTimes(long a, int b) {
        long r = a * b;
        return a != 0 && r / b != a ? Long.MAX_VALUE : r;
    }

    private static String count(long n) {
        return n < 10_000_000 ? Long.toString(n) : String.format(Locale.ROOT, "%.3g", (double) n);
    }

    /** Bytes in GB or MB, one decimal. */
    static String bytes(long b) {
        return b >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MB", b / (double) (1L << 20));
    }
}

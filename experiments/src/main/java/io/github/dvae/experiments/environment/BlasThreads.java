package io.github.dvae.experiments.environment;

import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.tensor.MatrixProduct;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of threads ND4J's native code may use, per call: OpenBLAS's (matrix products) and
 * libnd4j's OpenMP pool (its own ops). Both are process-wide, so with R runs in parallel on C cores
 * each run should get {@code C / R} threads, or the runs fight over the cores. Verified on
 * ND4J 1.0.0-M2.1: after {@link #limit(int) limit(1)} the environment reports
 * {@code blas.threads=1} and {@code omp.threads=1}, and a training run's CPU time equals its wall
 * time.
 */
public final class BlasThreads {

    private BlasThreads() {
    }

    /**
     * The threads OpenBLAS may use, as last set by {@link #limit} (ND4J's own record, read
     * without a native call; {@link MatrixProduct} may have switched the library since).
     */
    public static int current() {
        return Nd4j.factory().blas().getMaxThreads();
    }

    /**
     * Limits OpenBLAS and libnd4j's OpenMP to {@code threads} each; OpenBLAS's through
     * {@link MatrixProduct#limit}, whose cache then knows the count.
     */
    public static void limit(int threads) {
        MatrixProduct.limit(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /**
     * As {@link #limit}, for a setting that will be undone soon (around a variance probe):
     * OpenBLAS's count by the direct call ({@link MatrixProduct#setThreads}) and libnd4j's on the
     * calling thread, without the JavaCPP loader work of ND4J's {@code setMaxThreads};
     * {@link #current()} keeps reporting the last {@link #limit}.
     */
    public static void limitForNow(int threads) {
        MatrixProduct.setThreads(threads);
        limitNativeOpsOnThisThread(threads);
    }

    /**
     * Limits libnd4j's OpenMP threads on the calling thread alone (libnd4j keeps the count per
     * calling thread), leaving OpenBLAS's process-wide count as it is. One direct native call:
     * unlike {@link #limit}, whose OpenBLAS half goes through ND4J's {@code setMaxThreads}
     * (JavaCPP loader lookups, class properties and resource URLs on every call), it is cheap
     * enough to make before every probe estimate.
     */
    public static void limitNativeOpsOnThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /**
     * How a run's threads are set up, by the runner and by the benchmarks that time its steps:
     * ND4J's native threads limited to {@code threads} ({@link #limit}, process-wide: parallel
     * runs all ask for the same number) and a pool of {@code threads} for the run's elementwise
     * kernels, which the caller closes when the run ends.
     */
    public static WorkerPool forRun(int threads) {
        limit(threads);
        return new WorkerPool(threads);
    }

    /**
     * As {@link #forRun(int)}, with the products' thread policy chosen for the run's step:
     * {@code architecture}'s products at {@code batch} rows either all below {@link
     * MatrixProduct#SINGLE_THREAD_FLOPS} (then on one OpenBLAS thread) or not (then every one on
     * {@code threads}), so that a step never switches OpenBLAS's count
     * ({@link MatrixProduct#singleThreadProductsFor}).
     */
    public static WorkerPool forRun(int threads, VaeArchitecture architecture, int batch) {
        limit(threads);
        return new WorkerPool(threads, MatrixProduct.singleThreadProductsFor(
                architecture.largestProductFlops(batch)));
    }

    /** Threads per run when {@code parallelRuns} runs share {@code cores} cores: at least one. */
    public static int perRun(int cores, int parallelRuns) {
        return Math.max(1, cores / Math.max(1, parallelRuns));
    }
}

package io.github.dvae.core.tensor;

import com.sun.jna.Function;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every matrix product of the harness: {@code c = alpha op(a) op(b) + beta c} through
 * {@link Nd4j#gemm} into a preallocated {@code c}, on as many OpenBLAS threads as pays for its
 * size. A product of fewer than its pool's {@link WorkerPool#singleThreadProducts()}
 * floating-point operations ({@code 2 M K N}; {@link #SINGLE_THREAD_FLOPS} by default) runs on
 * one thread, a larger one on the run's budget, the thread count of its {@link WorkerPool}. A
 * run sets that bound for its step's shapes ({@link #singleThreadProductsFor}), so that a step
 * never switches OpenBLAS's count.
 *
 * <p>Why: handing a small sgemm to a second OpenBLAS thread costs more than the thread saves.
 * Measured on an AMD EPYC (Zen 5, 2 cores, OpenBLAS 0.3.19, quiet), microseconds at 1 and 2
 * threads: 50x200x200 77 against 229; 50x784x200 209 against 372; 100x200x784 234 against 258;
 * 200x784x512 968 against 620. Break-even lies between the third (31 MFLOP) and the fourth
 * (161 MFLOP), about 45 MFLOP interpolating the ratio; 64 MFLOP keeps the presets' 52-MFLOP
 * products on one thread and gives their 80-MFLOP ones two. A sweep under load (load average 10
 * on 2 cores) could not place it: there two threads lost at every size up to 524 MFLOP. The
 * quiet sweep over every product of the presets is left to {@code SgemmRate} (benchmarks
 * README).
 *
 * <p>The count is changed only when it differs from the last one set (cached, so an unchanged
 * count makes no native call), by a direct call of {@code openblas_set_num_threads} (about a
 * microsecond; ND4J's {@code setMaxThreads} takes 0.5 ms, see {@link #directSetter}). A run with
 * a budget of 1 (the default {@code --jobs} on 2 cores gives each run one thread) has set the
 * count to 1 ({@link #limit}) and never calls anything.
 *
 * <p>Results: OpenBLAS 0.3.19's sgemm and dgemm are deterministic at a given thread count but
 * differ in the last bits between 1 and 2 threads (tested), so which count a product gets is part
 * of the result. Here it is a function of the product's size and the budget alone: a product
 * below the threshold runs on one thread whatever the budget (so those do not depend on the
 * number of threads), a larger one on the budget, which is part of a run's configuration.
 * OpenBLAS's count is process-wide, so runs sharing a process could switch it under each other
 * between a switch and its product; a budget above 1 therefore sets the count and multiplies
 * under one process-wide lock. The cost: parallel runs with budgets above 1 in one process (a
 * sweep with {@code --jobs} above 1 on 4 or more cores) multiply one at a time. Budget-1
 * products take no lock (the default {@code --jobs} on 2 cores runs two budget-1 runs
 * concurrently): a process's runs are assumed to share one budget, as the runner's do.
 */
public final class MatrixProduct {

    /**
     * Products below this many floating-point operations ({@code 2 M K N}) run on one OpenBLAS
     * thread. See the class comment for the measurements.
     */
    public static final long SINGLE_THREAD_FLOPS = 64L * 1000 * 1000;

    private MatrixProduct() {
    }

    /** The process's OpenBLAS count, read when first needed (which loads ND4J). */
    private static final class Process {
        /** ND4J's count, read first: reading it loads ND4J, and with it OpenBLAS. */
        private static final int INITIAL = Nd4j.factory().blas().getMaxThreads();
        /**
         * OpenBLAS's setter, looked up once OpenBLAS is loaded: looked up before (in a process
         * whose first ND4J call was {@link #limit}, as a run's and the benchmarks'), the symbol
         * was not found and every change of the count went through ND4J's setter, whose
         * JavaCPP loader work took milliseconds a call.
         */
        private static final Pointer SETTER = Loader.addressof("openblas_set_num_threads");
        static final BlasThreadCount COUNT = new BlasThreadCount(directSetter(SETTER), INITIAL);
    }

    /**
     * OpenBLAS's {@code openblas_set_num_threads}, called directly: ND4J's
     * {@code setMaxThreads} goes through JavaCPP's {@code blas_set_num_threads}, which looks up
     * four symbols (MKL's, then OpenBLAS's) on every call, 0.5 ms a call measured under load,
     * more than a small product; the direct call costs about a microsecond. ND4J's own path
     * where the symbol cannot be found.
     */
    private static IntConsumer directSetter(Pointer address) {
        if (address == null || address.isNull()) {
            return n -> Nd4j.factory().blas().setMaxThreads(n);
        }
        Function set = Function.getFunction(new com.sun.jna.Pointer(address.address()));
        return n -> set.invoke(new Object[] {n});
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c}, {@code op} transposing when asked, as
     * {@link Nd4j#gemm}; on one OpenBLAS thread below {@link #SINGLE_THREAD_FLOPS}, on
     * {@code budget.threads()} from there (then under the process-wide lock).
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA,
            boolean transposeB, double alpha, double beta, WorkerPool budget) {
        BlasThreadCount count = Process.COUNT;
        int threads = budget.threads();
        if (threads == 1) {
            count.use(1);
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
            return;
        }
        synchronized (count) {
            count.use(threadsFor(flops(a, c, transposeA), threads, budget.singleThreadProducts()));
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
        }
    }

    /**
     * The OpenBLAS threads a product of {@code flops} operations gets within {@code budget} when
     * products below {@code singleThreadProducts} run on one.
     */
    static int threadsFor(long flops, int budget, long singleThreadProducts) {
        return flops < singleThreadProducts ? 1 : budget;
    }

    /**
     * The {@link WorkerPool#singleThreadProducts() single-thread bound} for a run whose training
     * step's largest product has {@code largestStepProduct} floating-point operations: the
     * threshold if every product of the step is below it, else 0 (every product on the budget).
     * Why per run and not per product alone: switching OpenBLAS's count between products costs
     * more than it saves. Measured on the AMD EPYC of the class comment (SkylakeX kernels, 2
     * threads, quiet, images/s of whole steps): at {@code categorical-nonlinear} batch 200
     * (products of 20 to 160 MFLOP) switching per product gave 5,845 images/s against 7,794 with
     * every product on 2 threads; at {@code disarm-nonlinear} batch 50 (every product below 32
     * MFLOP) 8,174 with all on one thread against 6,304 with all on two; and the seed at batch
     * 100 (one 63-MFLOP product among 400-MFLOP ones) 2,961 switching against 3,996 not.
     * Products above the step's (evaluation's large batches) still get the budget.
     */
    public static long singleThreadProductsFor(long largestStepProduct) {
        return largestStepProduct < SINGLE_THREAD_FLOPS ? SINGLE_THREAD_FLOPS : 0;
    }

    /** {@code 2 M K N} for {@code c} of {@code M x N} and {@code op(a)} of {@code M x K}. */
    static long flops(INDArray a, INDArray c, boolean transposeA) {
        long inner = transposeA ? a.rows() : a.columns();
        return 2L * c.rows() * c.columns() * inner;
    }

    /**
     * Sets the process's OpenBLAS thread count to a run's (or a benchmark's) budget, through
     * ND4J, so that ND4J reports it, and tells the cache {@link #gemm} compares with.
     */
    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS threads must be >= 1, got " + threads);
        }
        BlasThreadCount count = Process.COUNT;
        synchronized (count) {
            Nd4j.factory().blas().setMaxThreads(threads);
            count.assume(threads);
        }
    }

    /**
     * Sets the process's OpenBLAS thread count to {@code threads} for a while, by the direct call
     * (none if it has that count already), leaving what ND4J reports (its last {@link #limit})
     * as it was. For a count switched often and restored, as around every variance probe:
     * ND4J's {@code setMaxThreads}, which {@link #limit} goes through, runs JavaCPP's loader
     * (class properties, resource lookups) on every call.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS threads must be >= 1, got " + threads);
        }
        BlasThreadCount count = Process.COUNT;
        synchronized (count) {
            count.use(threads);
        }
    }

    /** The process's OpenBLAS thread count as last set here. */
    public static int threads() {
        return Process.COUNT.current();
    }

    /** Whether the count is changed by the direct call (not ND4J's setter), for tests. */
    static boolean setsDirectly() {
        Pointer address = Process.SETTER;
        return address != null && !address.isNull();
    }

    /** How many times the count was changed (native calls made), for tests. */
    static long threadChanges() {
        return Process.COUNT.changes();
    }
}

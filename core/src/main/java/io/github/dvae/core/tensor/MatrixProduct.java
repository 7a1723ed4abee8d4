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
 * size. A product of fewer than {@link #SINGLE_THREAD_FLOPS} floating-point operations ({@code
 * 2 M K N}) runs on one thread, a larger one on the run's budget, the thread count of its
 * {@link WorkerPool}.
 *
 * <p>Why: handing a small sgemm to a second OpenBLAS thread costs more than the thread saves.
 * Measured on an AMD EPYC (Zen 5, 2 cores, OpenBLAS 0.3.19, quiet), microseconds at 1 and 2
 * threads: 50x200x200 77 against 229; 50x784x200 209 against 372; 100x200x784 234 against 258;
 * 200x784x512 968 against 620. The threshold lies between the third (31 MFLOP) and the fourth
 * (161 MFLOP); the sweep over the presets' products that places it is in benchmarks/README.md
 * ({@code SgemmRate}).
 *
 * <p>The count is changed only when it differs from the last one set (cached, so an unchanged
 * count makes no native call), by a direct call of {@code openblas_set_num_threads} (about a
 * microsecond; ND4J's {@code setMaxThreads} takes 0.5 ms, see {@link #directSetter}). A run with
 * a budget of 1 (the default {@code --jobs} on 2 cores gives each run one thread) has set the
 * count to 1 ({@link #limit}) and never calls anything.
 *
 * <p>Results: OpenBLAS 0.3.19's sgemm and dgemm are deterministic at a given thread count but
 * differ in the last bits between 1 and 2 threads (tested), so which count a product gets is part
 * of the result. Here it is a function of the product's size and the budget: a product below the
 * threshold runs on one thread whatever the budget (so those do not depend on the number of
 * threads), a larger one on the budget, which is part of a run's configuration. OpenBLAS's count is
 * process-wide: runs that share a process with budgets above 1 would change it under each
 * other, making a product's count (and its last bits) depend on timing. So a process that runs
 * several at once (a sweep with {@code --jobs} above 1 on 4 or more cores) calls
 * {@link #limit(int, boolean) limit(threads, false)}: every product then runs on the budget, as
 * before this policy.
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
        static final BlasThreadCount COUNT = new BlasThreadCount(directSetter(),
                Nd4j.factory().blas().getMaxThreads());
    }

    /**
     * OpenBLAS's {@code openblas_set_num_threads}, called directly: ND4J's
     * {@code setMaxThreads} goes through JavaCPP's {@code blas_set_num_threads}, which looks up
     * four symbols (MKL's, then OpenBLAS's) on every call, 0.5 ms a call measured under load,
     * more than a small product; the direct call costs about a microsecond. ND4J's own path
     * where the symbol cannot be found.
     */
    private static IntConsumer directSetter() {
        Pointer address = Loader.addressof("openblas_set_num_threads");
        if (address == null || address.isNull()) {
            return n -> Nd4j.factory().blas().setMaxThreads(n);
        }
        Function set = Function.getFunction(new com.sun.jna.Pointer(address.address()));
        return n -> set.invoke(new Object[] {n});
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c}, {@code op} transposing when asked, as
     * {@link Nd4j#gemm}; on one OpenBLAS thread below {@link #SINGLE_THREAD_FLOPS}, on
     * {@code budget.threads()} from there.
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA,
            boolean transposeB, double alpha, double beta, WorkerPool budget) {
        BlasThreadCount count = Process.COUNT;
        if (count.sizing()) {
            count.use(threadsFor(flops(a, c, transposeA), budget.threads()));
        }
        Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
    }

    /** The OpenBLAS threads a product of {@code flops} operations gets within {@code budget}. */
    static int threadsFor(long flops, int budget) {
        return flops < SINGLE_THREAD_FLOPS ? 1 : budget;
    }

    /** {@code 2 M K N} for {@code c} of {@code M x N} and {@code op(a)} of {@code M x K}. */
    static long flops(INDArray a, INDArray c, boolean transposeA) {
        long inner = transposeA ? a.rows() : a.columns();
        return 2L * c.rows() * c.columns() * inner;
    }

    /**
     * Sets the process's OpenBLAS thread count to a run's (or a benchmark's) budget, through
     * ND4J, so that ND4J reports it, and tells the cache {@link #gemm} compares with. Products are
     * sized (small ones on one thread) from here on: the process runs one run at a time.
     */
    public static void limit(int threads) {
        limit(threads, true);
    }

    /**
     * As {@link #limit(int)}; with {@code sizeProducts} false every product runs on
     * {@code threads} whatever its size, as when several runs share the process (see the class
     * comment: one run's switch would change another's results).
     */
    public static void limit(int threads, boolean sizeProducts) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS threads must be >= 1, got " + threads);
        }
        Nd4j.factory().blas().setMaxThreads(threads);
        Process.COUNT.assume(threads);
        Process.COUNT.sizing(sizeProducts);
    }

    /** The process's OpenBLAS thread count as last set here. */
    public static int threads() {
        return Process.COUNT.current();
    }

    /** How many times the count was changed (native calls made), for tests. */
    static long threadChanges() {
        return Process.COUNT.changes();
    }
}

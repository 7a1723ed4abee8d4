package io.github.dvae.core.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs the independent pieces of an elementwise kernel on a fixed number of threads: the caller
 * and {@code threads - 1} workers. Results never depend on the number of threads, because
 * kernels split work into pieces that write disjoint elements and reduce nothing across pieces
 * (and draw random numbers from streams split per piece, not per thread).
 *
 * <p>One per run, sized with the BLAS threads so that the two never oversubscribe the cores:
 * matrix products and kernels alternate, they do not overlap.
 */
public final class WorkerPool implements AutoCloseable {

    /**
     * Elementwise operations below which a kernel runs on the calling thread: waking a parked
     * worker and joining it costs some 10-50 us, more than a few thousand row elements' work
     * (at batch 50, most of a small model's layers are below it).
     */
    public static final long PARALLEL_WORK = 1 << 15;

    /** A pool that runs everything on the calling thread. */
    public static final WorkerPool SERIAL = new WorkerPool(1);

    private final int threads;
    private final long singleThreadProducts;
    private final ForkJoinPool pool;

    /**
     * A pool of {@code threads} whose matrix products below {@link
     * MatrixProduct#SINGLE_THREAD_FLOPS} run on one OpenBLAS thread (see {@link MatrixProduct}).
     */
    public WorkerPool(int threads) {
        this(threads, MatrixProduct.SINGLE_THREAD_FLOPS);
    }

    /**
     * A pool of {@code threads} whose matrix products of fewer than {@code
     * singleThreadProducts} floating-point operations run on one OpenBLAS thread, the others on
     * {@code threads} (0: every product on {@code threads}). A run picks it for its step's shapes
     * ({@link MatrixProduct#singleThreadProductsFor}).
     */
    public WorkerPool(int threads, long singleThreadProducts) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (singleThreadProducts < 0) {
            throw new IllegalArgumentException("singleThreadProducts must be >= 0, got "
                    + singleThreadProducts);
        }
        this.threads = threads;
        this.singleThreadProducts = singleThreadProducts;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads - 1,
                p -> {
                    var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                    t.setDaemon(true);
                    t.setName("dvae-kernel-" + t.getPoolIndex());
                    return t;
                }, null, false);
    }

    public int threads() {
        return threads;
    }

    /** Products of fewer floating-point operations than this run on one OpenBLAS thread. */
    public long singleThreadProducts() {
        return singleThreadProducts;
    }

    /**
     * Runs {@code piece.accept(i)} for every i in {@code [0, pieces)}, spread over the threads;
     * returns when all are done. Pieces must write disjoint memory.
     */
    public void forEach(int pieces, IntConsumer piece) {
        if (pool == null || pieces < 2) {
            for (int i = 0; i < pieces; i++) {
                piece.accept(i);
            }
            return;
        }
        int groups = Math.min(threads, pieces);
        List<ForkJoinTask<?>> forked = new ArrayList<>(groups - 1);
        for (int g = 1; g < groups; g++) {
            int group = g;
            forked.add(pool.submit(() -> runGroup(group, groups, pieces, piece)));
        }
        runGroup(0, groups, pieces, piece);
        for (ForkJoinTask<?> t : forked) {
            t.join();
        }
    }

    /**
     * As {@link #forEach(int, IntConsumer)}, on the calling thread alone when {@code work} (the
     * elementwise operations of all pieces together) is below {@link #PARALLEL_WORK}. The pieces
     * are the same either way, so results do not change.
     */
    public void forEach(int pieces, long work, IntConsumer piece) {
        if (work >= PARALLEL_WORK) {
            forEach(pieces, piece);
            return;
        }
        for (int i = 0; i < pieces; i++) {
            piece.accept(i);
        }
    }

    private static void runGroup(int group, int groups, int pieces, IntConsumer piece) {
        int from = (int) ((long) pieces * group / groups);
        int to = (int) ((long) pieces * (group + 1) / groups);
        for (int i = from; i < to; i++) {
            piece.accept(i);
        }
    }

    /**
     * Splits {@code [0, n)} into contiguous ranges of at least {@code grain} elements, one or a
     * few per thread, and runs {@code range.accept(from, to)} on each.
     */
    public void forRange(int n, int grain, RangeBody range) {
        int pieces = Math.max(1, Math.min(threads, n / Math.max(1, grain)));
        forEach(pieces, p -> range.accept((int) ((long) n * p / pieces),
                (int) ((long) n * (p + 1) / pieces)));
    }

    /**
     * As {@link #forRange(int, int, RangeBody)}, as one range on the calling thread when
     * {@code work} (elementwise operations in all) is below {@link #PARALLEL_WORK}.
     */
    public void forRange(int n, int grain, long work, RangeBody range) {
        if (work < PARALLEL_WORK) {
            range.accept(0, n);
            return;
        }
        forRange(n, grain, range);
    }

    /** A kernel over elements {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void accept(int from, int to);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}

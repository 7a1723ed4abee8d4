package io.github.dvae.core.tensor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * OpenBLAS's thread count as last set through this object, so that setting it to the value it
 * already has makes no call. {@link MatrixProduct} holds its monitor across a change and the
 * product that needs it.
 */
final class BlasThreadCount {

    private final IntConsumer setter;
    private final AtomicLong changes = new AtomicLong();
    private volatile int current;

    /**
     * @param setter sets the library's thread count (OpenBLAS's {@code openblas_set_num_threads})
     * @param initial the count the library has now
     */
    BlasThreadCount(IntConsumer setter, int initial) {
        this.setter = setter;
        this.current = initial;
    }

    /** Sets the count to {@code threads} unless it has it already. */
    void use(int threads) {
        if (threads != current) {
            setter.accept(threads);
            current = threads;
            changes.incrementAndGet();
        }
    }

    /** Records that the library was set to {@code threads} by other means. */
    void assume(int threads) {
        current = threads;
    }

    /** The count last set (or the initial one). */
    int current() {
        return current;
    }

    /** How many times {@link #use} called the setter. */
    long changes() {
        return changes.get();
    }
}

package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Function;
import io.github.dvae.core.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The thread policy of {@link MatrixProduct}, and what the thread count does to results. */
class MatrixProductTest {

    private int before;

    @BeforeEach
    void remember() {
        before = MatrixProduct.threads();
    }

    @AfterEach
    void restore() {
        MatrixProduct.limit(before);
    }

    /**
     * What the policy rests on: at a given thread count a product is bitwise repeatable, and 1
     * and 2 OpenBLAS threads differ (0.3.19 does, in the last bits) by no more than rounding, in
     * all three orientations of a dense layer, float and double.
     */
    @Test
    void oneAndTwoThreadsDifferOnlyByRounding() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double epsilon = type == DataType.FLOAT ? 0x1p-23 : 0x1p-52;
            for (boolean[] t : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
                int m = 192;
                int k = 517;
                int n = 301;
                INDArray a = random(type, t[0] ? k : m, t[0] ? m : k, 1);
                INDArray b = random(type, t[1] ? n : k, t[1] ? k : n, 2);
                double[] one = product(a, b, t, m, n, 1);
                double[] two = product(a, b, t, m, n, 2);
                assertArrayEquals(two, product(a, b, t, m, n, 2), 0.0, "repeatable");
                for (int i = 0; i < one.length; i++) {
                    // Each element is a sum of k products of terms below 0.5 in magnitude.
                    assertEquals(one[i], two[i], 2 * k * 0.25 * epsilon,
                            type + " transposes " + t[0] + "," + t[1] + " at " + i);
                }
            }
        }
    }

    /**
     * Below the threshold a product runs on one thread whatever the budget, so its bits do not
     * depend on the number of threads, even where the process's count was 2 (at which this
     * product's bits differ, see {@link #aBudgetAboveOneSwitchesOnlyWhenTheSizeClassChanges}).
     */
    @Test
    void smallProductsAreBitwiseTheSameWhateverTheBudget() {
        INDArray x = random(DataType.FLOAT, 50, 200, 8);
        INDArray w = random(DataType.FLOAT, 200, 200, 9);
        MatrixProduct.limit(2);
        INDArray serial = Nd4j.create(DataType.FLOAT, 50, 200);
        MatrixProduct.gemm(x, w, serial, false, false, 1.0, 0.0, WorkerPool.SERIAL);
        MatrixProduct.limit(2);
        INDArray two = Nd4j.create(DataType.FLOAT, 50, 200);
        try (WorkerPool budget = new WorkerPool(2)) {
            MatrixProduct.gemm(x, w, two, false, false, 1.0, 0.0, budget);
        }
        double[] oneThread = product(x, w, new boolean[] {false, false}, 50, 200, 1);
        assertArrayEquals(oneThread, ElementView.of(serial).toDoubleArray(), 0.0);
        assertArrayEquals(oneThread, ElementView.of(two).toDoubleArray(), 0.0);
    }

    private static double[] product(INDArray a, INDArray b, boolean[] t, int m, int n,
            int threads) {
        MatrixProduct.limit(threads);
        INDArray c = Nd4j.create(a.dataType(), m, n);
        Nd4j.gemm(a, b, c, t[0], t[1], 1.0, 0.0);
        return ElementView.of(c).toDoubleArray();
    }

    /** A run with budget 1 has set the count to 1: its products never call anything. */
    @Test
    void aRunOfBudgetOneNeverCallsAnything() {
        MatrixProduct.limit(1);
        long changes = MatrixProduct.threadChanges();
        INDArray small = random(DataType.FLOAT, 8, 8, 3);
        INDArray large = random(DataType.FLOAT, 400, 400, 4);
        INDArray c = Nd4j.create(DataType.FLOAT, 400, 400);
        INDArray d = Nd4j.create(DataType.FLOAT, 8, 8);
        for (int i = 0; i < 5; i++) {
            MatrixProduct.gemm(small, small, d, false, false, 1.0, 0.0, WorkerPool.SERIAL);
            MatrixProduct.gemm(large, large, c, false, false, 1.0, 0.0, WorkerPool.SERIAL);
        }
        assertEquals(changes, MatrixProduct.threadChanges());
        assertEquals(1, MatrixProduct.threads());
    }

    /**
     * Two runs of budget 2 in one process, each alternating products below and above the
     * threshold: every product gets the same bits as when its run is alone, though each run's
     * switches change the process-wide count under the other.
     */
    @Test
    void runsSharingTheProcessGetTheBitsTheyGetAlone() throws Exception {
        INDArray small = random(DataType.FLOAT, 50, 200, 10);
        INDArray w = random(DataType.FLOAT, 200, 200, 11);
        INDArray large = random(DataType.FLOAT, 400, 400, 12);
        double[][] alone = alternate(small, w, large, 1);
        java.util.concurrent.ExecutorService runs =
                java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = runs.submit(() -> alternate(small, w, large, 20));
            var second = runs.submit(() -> alternate(small, w, large, 20));
            for (double[][] r : new double[][][] {first.get(), second.get()}) {
                assertArrayEquals(alone[0], r[0], 0.0, "small");
                assertArrayEquals(alone[1], r[1], 0.0, "large");
            }
        } finally {
            runs.shutdown();
        }
    }

    /** {@code rounds} pairs of a small and a large product at budget 2; the last results. */
    private static double[][] alternate(INDArray small, INDArray w, INDArray large, int rounds) {
        INDArray smallOut = Nd4j.create(DataType.FLOAT, 50, 200);
        INDArray largeOut = Nd4j.create(DataType.FLOAT, 400, 400);
        double[] s = null;
        double[] l = null;
        try (WorkerPool budget = new WorkerPool(2)) {
            for (int i = 0; i < rounds; i++) {
                MatrixProduct.gemm(small, w, smallOut, false, false, 1.0, 0.0, budget);
                double[] si = ElementView.of(smallOut).toDoubleArray();
                MatrixProduct.gemm(large, large, largeOut, false, false, 1.0, 0.0, budget);
                double[] li = ElementView.of(largeOut).toDoubleArray();
                if (s != null) {
                    assertArrayEquals(s, si, 0.0);
                    assertArrayEquals(l, li, 0.0);
                }
                s = si;
                l = li;
            }
        }
        return new double[][] {s, l};
    }

    /** Small products on one thread, large ones on the budget, and a call only on a change. */
    @Test
    void aBudgetAboveOneSwitchesOnlyWhenTheSizeClassChanges() {
        MatrixProduct.limit(2);
        INDArray small = random(DataType.FLOAT, 50, 200, 5);
        INDArray w = random(DataType.FLOAT, 200, 200, 6);
        INDArray smallOut = Nd4j.create(DataType.FLOAT, 50, 200);
        // 2 * 400 * 400 * 400 = 128 MFLOP, above the threshold.
        INDArray large = random(DataType.FLOAT, 400, 400, 7);
        INDArray largeOut = Nd4j.create(DataType.FLOAT, 400, 400);
        long threshold = MatrixProduct.SINGLE_THREAD_FLOPS;
        assertTrue(MatrixProduct.flops(large, largeOut, false) >= threshold);
        assertTrue(MatrixProduct.flops(small, smallOut, false) < threshold);
        try (WorkerPool budget = new WorkerPool(2)) {
            long start = MatrixProduct.threadChanges();
            MatrixProduct.gemm(small, w, smallOut, false, false, 1.0, 0.0, budget);
            MatrixProduct.gemm(small, w, smallOut, false, false, 1.0, 0.0, budget);
            assertEquals(1, MatrixProduct.threads());
            assertEquals(1, openBlasThreads(), "the library itself was set");
            assertEquals(start + 1, MatrixProduct.threadChanges());
            MatrixProduct.gemm(large, large, largeOut, false, false, 1.0, 0.0, budget);
            MatrixProduct.gemm(large, large, largeOut, false, false, 1.0, 0.0, budget);
            assertEquals(2, MatrixProduct.threads());
            assertEquals(2, openBlasThreads());
            assertEquals(start + 2, MatrixProduct.threadChanges());
        }
        MatrixProduct.limit(1);
        INDArray expected = Nd4j.create(DataType.FLOAT, 50, 200);
        Nd4j.gemm(small, w, expected, false, false, 1.0, 0.0);
        assertArrayEquals(ElementView.of(expected).toDoubleArray(),
                ElementView.of(smallOut).toDoubleArray(), 0.0);
    }

    /** A probe's switch sets the library and the cache, and leaves ND4J's record alone. */
    @Test
    void setThreadsSwitchesTheLibraryAndLeavesNd4jsRecord() {
        // This class's first call (remember()) was MatrixProduct's, before any of ND4J's: the
        // setter must still be OpenBLAS's own.
        assertTrue(MatrixProduct.setsDirectly());
        MatrixProduct.limit(2);
        MatrixProduct.setThreads(1);
        assertEquals(1, openBlasThreads());
        assertEquals(1, MatrixProduct.threads());
        assertEquals(2, Nd4j.factory().blas().getMaxThreads());
        long changes = MatrixProduct.threadChanges();
        MatrixProduct.setThreads(1);
        assertEquals(changes, MatrixProduct.threadChanges(), "an unchanged count calls nothing");
        MatrixProduct.setThreads(2);
        assertEquals(2, openBlasThreads());
        assertEquals(2, MatrixProduct.threads());
    }

    @Test
    void theCountIsSetOnlyWhenItChanges() {
        List<Integer> calls = new ArrayList<>();
        BlasThreadCount count = new BlasThreadCount(calls::add, 2);
        count.use(2);
        count.use(1);
        count.use(1);
        count.use(2);
        count.use(2);
        assertEquals(List.of(1, 2), calls);
        assertEquals(2, count.changes());
        assertEquals(2, count.current());
    }

    @Test
    void flopsCountTheInnerDimensionOfEitherOrientation() {
        INDArray a = Nd4j.create(DataType.FLOAT, 7, 3);
        INDArray c = Nd4j.create(DataType.FLOAT, 7, 5);
        assertEquals(2L * 7 * 3 * 5, MatrixProduct.flops(a, c, false));
        INDArray at = Nd4j.create(DataType.FLOAT, 3, 7);
        assertEquals(2L * 7 * 3 * 5, MatrixProduct.flops(at, c, true));
        long bound = MatrixProduct.SINGLE_THREAD_FLOPS;
        assertEquals(1, MatrixProduct.threadsFor(bound - 1, 2, bound));
        assertEquals(2, MatrixProduct.threadsFor(bound, 2, bound));
        assertEquals(2, MatrixProduct.threadsFor(bound - 1, 2, 0));
        // A run picks the bound for its step: one that has a large product gets 0, so its small
        // products do not switch OpenBLAS's count either.
        assertEquals(bound, MatrixProduct.singleThreadProductsFor(bound - 1));
        assertEquals(0, MatrixProduct.singleThreadProductsFor(bound));
    }

    /** OpenBLAS's own count ({@code openblas_get_num_threads}); ND4J reports its last setting. */
    private static int openBlasThreads() {
        Pointer address = Loader.addressof("openblas_get_num_threads");
        return Function.getFunction(new com.sun.jna.Pointer(address.address()))
                .invokeInt(new Object[0]);
    }

    private static INDArray random(DataType type, int rows, int columns, long seed) {
        INDArray x = Nd4j.create(type, rows, columns);
        ElementView v = ElementView.of(x);
        RandomStream rng = RandomStream.of(seed);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, rng.nextDouble() - 0.5);
        }
        return x;
    }
}

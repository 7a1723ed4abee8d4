package io.github.dvae.benchmarks.sgemm;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.MatrixProduct;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measured speed of one float product through {@link Nd4j#gemm} into a preallocated array, on
 * a given number of OpenBLAS threads: the median and the fastest of {@code rounds} timed rounds,
 * in microseconds per product. Wall-clock time: on a loaded machine the median is noise and the
 * fastest round the better guide.
 */
public record GemmRate(GemmShape shape, int threads, double medianMicros, double bestMicros) {

    /** Untimed products first, for the JIT and OpenBLAS's thread start-up. */
    private static final long WARMUP_NANOS = 50_000_000L;

    /** Timed rounds, each of about {@link #ROUND_NANOS}. */
    private static final int ROUNDS = 7;
    private static final long ROUND_NANOS = 30_000_000L;

    /** GFLOP/s at the median round. */
    public double medianGflops() {
        return shape.flops() / (medianMicros * 1e3);
    }

    /** GFLOP/s at the fastest round. */
    public double bestGflops() {
        return shape.flops() / (bestMicros * 1e3);
    }

    /**
     * Measures {@code shape} on {@code threads} OpenBLAS threads (set through
     * {@link MatrixProduct#limit}, which this leaves at {@code threads}): about a quarter of a
     * second.
     */
    public static GemmRate measure(GemmShape shape, int threads) {
        MatrixProduct.limit(threads);
        GemmShape.Orientation o = shape.orientation();
        INDArray a = random(o.transposeA() ? shape.k() : shape.m(),
                o.transposeA() ? shape.m() : shape.k(), 1);
        INDArray b = random(o.transposeB() ? shape.n() : shape.k(),
                o.transposeB() ? shape.k() : shape.n(), 2);
        INDArray c = Nd4j.create(DataType.FLOAT, shape.m(), shape.n());
        long start = System.nanoTime();
        long products = 0;
        while (System.nanoTime() - start < WARMUP_NANOS || products < 3) {
            Nd4j.gemm(a, b, c, o.transposeA(), o.transposeB(), 1.0, 0.0);
            products++;
        }
        double perProduct = (System.nanoTime() - start) / (double) products;
        int perRound = (int) Math.max(1, Math.min(1_000_000, ROUND_NANOS / perProduct));
        double[] micros = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                Nd4j.gemm(a, b, c, o.transposeA(), o.transposeB(), 1.0, 0.0);
            }
            micros[r] = (System.nanoTime() - t0) / 1e3 / perRound;
        }
        Arrays.sort(micros);
        return new GemmRate(shape, threads, micros[ROUNDS / 2], micros[0]);
    }

    private static INDArray random(int rows, int columns, long seed) {
        INDArray x = Nd4j.create(DataType.FLOAT, rows, columns);
        ElementView v = ElementView.of(x);
        RandomStream rng = RandomStream.of(seed);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, rng.nextDouble() - 0.5);
        }
        return x;
    }
}

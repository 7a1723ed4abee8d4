package io.github.dvae.experiments.training;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images binarised once and kept as float tensors in chunks of at most {@link #CHUNK} rows: a
 * run's test set (binarised from the run's own stream, so every epoch scores the same pixels) or
 * the probe's fixed minibatch.
 */
final class BinarisedImages {

    /** Rows per tensor: large enough to amortise ND4J's per-call cost, small enough for memory. */
    static final int CHUNK = 500;

    /**
     * Most images per call of the importance-weighted bound. Measured with K = 1000 on the small
     * architecture (2 cores): 14.5 us per image and sample at 100 images, 19-23 at 50, 15-19 at
     * 250 and 18-22 at 500.
     */
    static final int BOUND_BATCH = 100;

    /**
     * Most log-weights ({@code images x K} doubles, 8 MB) one call of the importance-weighted
     * bound may hold: a large K gets smaller batches.
     */
    static final int BOUND_LOG_WEIGHTS = 1 << 20;

    private final List<INDArray> chunks;
    private final int count;
    private final int pixels;

    private BinarisedImages(List<INDArray> chunks, int count, int pixels) {
        this.chunks = chunks;
        this.count = count;
        this.pixels = pixels;
    }

    /** The first {@code count} images of {@code source}, binarised with {@code rng}. */
    static BinarisedImages of(float[] source, int pixels, int count, Binarisation binarisation,
            RandomStream rng) {
        List<INDArray> chunks = new ArrayList<>();
        for (int first = 0; first < count; first += CHUNK) {
            int rows = Math.min(CHUNK, count - first);
            INDArray chunk = Nd4j.create(DataType.FLOAT, rows, pixels);
            binarisation.apply(source, pixels, null, first, rows, ElementView.of(chunk), rng);
            chunks.add(chunk);
        }
        return new BinarisedImages(chunks, count, pixels);
    }

    int count() {
        return count;
    }

    /** The ELBO of every image, one hard posterior sample each, summed over chunks. */
    Evaluation evaluate(Vae vae, RandomStream rng) {
        Evaluation total = Evaluation.EMPTY;
        for (INDArray chunk : chunks) {
            total = total.plus(vae.evaluate(chunk, rng));
        }
        return total;
    }

    /**
     * The importance-weighted bound on {@code log p(x)} with {@code k} samples, summed over every
     * image, nats; in batches of {@link #boundBatch(int)} images, each copied out of its chunk,
     * drawing from {@code rng} in image order.
     *
     * @throws InterruptedIOException if the thread is interrupted between batches
     * @throws UnsupportedOperationException if the model's latent family has no density
     */
    double importanceWeightedBoundSum(Vae vae, int k, RandomStream rng)
            throws InterruptedIOException {
        int batch = boundBatch(k);
        double sum = 0;
        INDArray full = null;
        float[] copy = new float[batch * pixels];
        for (INDArray chunk : chunks) {
            ElementView source = ElementView.of(chunk);
            for (int first = 0; first < chunk.rows(); first += batch) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted during the bound on log p(x)");
                }
                int rows = Math.min(batch, chunk.rows() - first);
                INDArray part;
                if (rows < batch) {
                    part = Nd4j.create(DataType.FLOAT, rows, pixels);
                } else {
                    if (full == null) {
                        full = Nd4j.create(DataType.FLOAT, batch, pixels);
                    }
                    part = full;
                }
                source.copyTo(first * pixels, copy, 0, rows * pixels);
                ElementView.of(part).write(0, copy, 0, rows * pixels);
                sum += vae.importanceWeightedBound(part, k, rng);
            }
        }
        return sum;
    }

    /** Images per call of the bound with {@code k} samples: at most 100, fewer for a large k. */
    static int boundBatch(int k) {
        return Math.max(1, Math.min(BOUND_BATCH, BOUND_LOG_WEIGHTS / k));
    }

    /** The images at {@code indices}, as a new {@code indices.length x pixels} tensor. */
    INDArray rows(int[] indices) {
        INDArray out = Nd4j.create(DataType.FLOAT, indices.length, pixels);
        ElementView o = ElementView.of(out);
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            ElementView chunk = ElementView.of(chunks.get(index / CHUNK));
            int from = (index % CHUNK) * pixels;
            for (int p = 0; p < pixels; p++) {
                o.set(i * pixels + p, chunk.get(from + p));
            }
        }
        return out;
    }
}

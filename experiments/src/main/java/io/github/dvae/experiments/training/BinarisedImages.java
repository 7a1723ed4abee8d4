package io.github.dvae.experiments.training;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
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

package io.github.dvae.experiments.training;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One optimiser step as a run takes it, batch preparation included: at the first step of each
 * pass over the training images a fresh permutation of them; the step's {@code batchSize} images,
 * the next slice of that permutation, binarised into one reused {@code batchSize x pixels} float
 * buffer; then {@link Vae#trainStep} on it. Everything draws from the stream given to
 * {@link #take}, in that order. {@link TrainingRun} trains through this class, and the benchmarks
 * measure it, so a benchmark times (and draws) exactly what a run does. A pass is
 * {@code count / batchSize} whole batches; the partial last one is dropped. Not thread-safe; no
 * allocation per step beyond the model's own.
 */
public final class RunStep {

    private final Vae model;
    private final float[] images;
    private final int pixels;
    private final Binarisation binarisation;
    private final int batchSize;
    private final long perEpoch;
    private final int[] order;
    private final INDArray batch;
    private final ElementView batchView;

    /**
     * @param model the model to train (its estimator and worker pool included)
     * @param images {@code count} images of {@code pixels} intensities in [0, 1], row after row;
     *     read, never written, and not copied
     * @param binarisation how a batch's pixels become binary
     * @throws IllegalArgumentException if the images do not fill one batch
     */
    public RunStep(Vae model, float[] images, int count, int pixels,
            Binarisation binarisation, int batchSize) {
        if (batchSize < 1 || count < batchSize || (long) count * pixels > images.length) {
            throw new IllegalArgumentException("a training step needs a batch size >= 1 and at "
                    + "least one batch of images, got batch " + batchSize + " and " + count
                    + " images of " + pixels + " pixels");
        }
        this.model = model;
        this.images = images;
        this.pixels = pixels;
        this.binarisation = binarisation;
        this.batchSize = batchSize;
        this.perEpoch = count / batchSize;
        this.order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        this.batch = Nd4j.create(DataType.FLOAT, batchSize, pixels);
        this.batchView = ElementView.of(batch);
    }

    /**
     * Takes step {@code step} (counted from 1 since the run's start: step 1, the step after each
     * whole pass, shuffles first) and returns its training ELBO, nats per example.
     */
    public double take(long step, RandomStream rng) {
        int inEpoch = (int) ((step - 1) % perEpoch);
        if (inEpoch == 0) {
            rng.shuffle(order);
        }
        binarisation.apply(images, pixels, order, inEpoch * batchSize, batchSize, batchView, rng);
        return model.trainStep(batch, rng).elbo();
    }

    /** The model this step trains. */
    public Vae model() {
        return model;
    }

    /** Steps in one pass over the images: whole batches. */
    public long perEpoch() {
        return perEpoch;
    }

    /** The last batch prepared ({@code batchSize x pixels}, reused by every step). */
    public INDArray batch() {
        return batch;
    }

    /**
     * The current pass's permutation, live: a checkpoint saves it and restores into it, so a
     * resumed run continues inside the pass it stopped in.
     */
    int[] order() {
        return order;
    }
}

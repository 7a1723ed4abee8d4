package io.github.dvae.core.testing;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training smoke test every estimator family runs: the {@link VaeArchitecture#small() small}
 * preset, in float, on a few thousand synthetic images with dynamic binarisation, for a few
 * hundred Adam steps; the test ELBO (one hard sample per example, on a test set binarised once)
 * is measured before and after.
 */
public final class SmallTraining {

    /** Training images: enough that a few hundred steps of 64 do not memorise them. */
    public static final int TRAIN_IMAGES = 3000;

    /** Test images, evaluated in one batch. */
    public static final int TEST_IMAGES = 500;

    /**
     * What one run measured.
     *
     * @param elboBefore test ELBO of the initial model, nats per example
     * @param elboAfter test ELBO after training, nats per example
     * @param lastTrainElbo mean training ELBO the estimator reported over the last 50 steps
     * @param seconds wall time of the training steps
     */
    public record Result(double elboBefore, double elboAfter, double lastTrainElbo,
            double seconds) {

        /** The gain in test ELBO, nats per example. */
        public double improvement() {
            return elboAfter - elboBefore;
        }

        @Override
        public String toString() {
            return String.format("test ELBO %.1f -> %.1f nats (%+.1f), last train ELBO %.1f, "
                    + "%.1f s", elboBefore, elboAfter, improvement(), lastTrainElbo, seconds);
        }
    }

    private SmallTraining() {
    }

    /**
     * Builds the estimator from {@code provider} with {@code options} for the small preset and
     * trains it.
     */
    public static Result run(EstimatorProvider provider, Map<String, String> options, int steps,
            int batch, double learningRate, long seed) {
        VaeArchitecture architecture = VaeArchitecture.small();
        GradientEstimator estimator = provider.create(new EstimatorConfig(architecture.latent(),
                architecture.dataWidth(), DataType.FLOAT, seed, options));
        return run(architecture, estimator, steps, batch, learningRate, seed);
    }

    /** Trains a model of {@code architecture} with {@code estimator}. */
    public static Result run(VaeArchitecture architecture, GradientEstimator estimator, int steps,
            int batch, double learningRate, long seed) {
        RandomStream root = RandomStream.of(seed);
        ImageDataset images = SyntheticImages.generate(root.nextLong(), TRAIN_IMAGES, TEST_IMAGES);
        int pixels = images.pixels();
        INDArray test = Nd4j.create(DataType.FLOAT, TEST_IMAGES, pixels);
        Binarisation.DYNAMIC.apply(images.test(), pixels, null, 0, TEST_IMAGES,
                ElementView.of(test), root.split());
        Vae vae = new Vae(architecture, estimator, Adam.Settings.of(learningRate),
                DataType.FLOAT, root.split());
        RandomStream evaluation = root.split();
        RandomStream training = root.split();
        double before = vae.evaluate(test, evaluation).elbo();

        INDArray minibatch = Nd4j.create(DataType.FLOAT, batch, pixels);
        ElementView minibatchView = ElementView.of(minibatch);
        int[] order = shuffled(images.trainSize(), training);
        int at = 0;
        double lastTrain = 0;
        int lastCount = 0;
        long start = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            if (at + batch > order.length) {
                order = shuffled(images.trainSize(), training);
                at = 0;
            }
            Binarisation.DYNAMIC.apply(images.train(), pixels, order, at, batch, minibatchView,
                    training);
            at += batch;
            double elbo = vae.trainStep(minibatch, training).elbo();
            if (step >= steps - 50) {
                lastTrain += elbo;
                lastCount++;
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        Evaluation after = vae.evaluate(test, evaluation);
        return new Result(before, after.elbo(), lastTrain / Math.max(1, lastCount), seconds);
    }

    private static int[] shuffled(int n, RandomStream rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
        return order;
    }
}

package io.github.dvae.estimators.vq;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.TrainingStep;
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
 * Trains a VAE on the built-in synthetic images and evaluates it on their test split, the way the
 * unit tests and {@link SyntheticMeasurement} compare estimators: dynamic binarisation of the
 * training batches, a test set binarised once from the seed, Adam, float precision, and test
 * numbers with one hard posterior sample per example.
 */
final class SyntheticTraining {

    /** What one run measured. */
    record Result(String estimator, VaeArchitecture architecture, int steps, double trainElbo,
            Evaluation test, Map<String, Double> diagnostics, double seconds) {

        @Override
        public String toString() {
            return String.format("%-42s %-28s steps %5d  train ELBO %8.2f  test rec %8.2f  "
                    + "KL %6.2f  ELBO %8.2f  %s  (%.1f s)", estimator, architecture, steps,
                    trainElbo, test.reconstruction(), test.kl(), test.elbo(), diagnostics,
                    seconds);
        }
    }

    private final ImageDataset data;
    private final INDArray test;

    /** {@code trainCount} training and {@code testCount} test images from {@code seed}. */
    SyntheticTraining(long seed, int trainCount, int testCount) {
        this.data = SyntheticImages.generate(seed, trainCount, testCount);
        this.test = Nd4j.create(DataType.FLOAT, testCount, data.pixels());
        Binarisation.DYNAMIC.apply(data.test(), data.pixels(), null, 0, testCount,
                ElementView.of(test), RandomStream.of(seed + 1));
    }

    /**
     * Trains for {@code steps} minibatches of {@code batch} (epochs in a seeded shuffled order)
     * at learning rate {@code learningRate}, and evaluates on the test split.
     */
    Result run(EstimatorProvider provider, Map<String, String> options,
            VaeArchitecture architecture, int steps, int batch, double learningRate, long seed) {
        long start = System.nanoTime();
        GradientEstimator estimator = provider.create(new EstimatorConfig(architecture.latent(),
                architecture.dataWidth(), DataType.FLOAT, seed, options));
        Vae vae = new Vae(architecture, estimator, Adam.Settings.of(learningRate),
                DataType.FLOAT, RandomStream.of(seed));
        RandomStream rng = RandomStream.of(seed + 2);
        int n = data.trainSize();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        INDArray x = Nd4j.create(DataType.FLOAT, batch, data.pixels());
        ElementView xv = ElementView.of(x);
        int at = n;
        double elboSum = 0;
        int elboCount = 0;
        int window = Math.max(1, steps / 10);
        for (int step = 0; step < steps; step++) {
            if (at + batch > n) {
                rng.shuffle(order);
                at = 0;
            }
            Binarisation.DYNAMIC.apply(data.train(), data.pixels(), order, at, batch, xv, rng);
            at += batch;
            TrainingStep s = vae.trainStep(x, rng);
            if (step >= steps - window) {
                elboSum += s.elbo();
                elboCount++;
            }
        }
        Evaluation e = Evaluation.EMPTY;
        int testCount = test.rows();
        for (int first = 0; first < testCount; first += batch) {
            int count = Math.min(batch, testCount - first);
            INDArray part = Nd4j.create(DataType.FLOAT, count, data.pixels());
            ElementView pv = ElementView.of(part);
            ElementView tv = ElementView.of(test);
            for (int i = 0; i < count * data.pixels(); i++) {
                pv.set(i, tv.get(first * data.pixels() + i));
            }
            e = e.plus(vae.evaluate(part, rng));
        }
        String name = provider.id() + (options.isEmpty() ? "" : options.toString());
        return new Result(name, architecture, steps, elboSum / elboCount, e,
                estimator.diagnostics(), (System.nanoTime() - start) / 1e9);
    }
}

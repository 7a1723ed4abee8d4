package io.github.dvae.benchmarks.throughput;

import io.github.dvae.core.data.IdxFiles;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.random.RandomStream;

/**
 * Trains {@link ThroughputSettings#warmup()} untimed then {@link ThroughputSettings#steps()}
 * timed steps and reports images per second. The steps are the runner's own
 * ({@link io.github.dvae.experiments.training.RunStep}: a fresh threshold-binarised batch from a
 * shuffled pass over the images, as the PyTorch reference script binarises, then forward,
 * estimator, backward, Adam), with the runner's thread setup ({@link ModelFixture}); timing
 * covers whole steps.
 */
public final class ThroughputMeasurement {

    private ThroughputMeasurement() {
    }

    /**
     * @throws IllegalArgumentException on an unknown estimator or architecture, or fewer images
     *     than one batch
     * @throws io.github.dvae.core.data.DataFormatException on an unreadable image file
     */
    public static ThroughputResult measure(ThroughputSettings settings) {
        long seed = settings.seed();
        float[] pixels;
        int count;
        if (settings.images() == null) {
            ImageDataset d = SyntheticImages.generate(seed, ModelFixture.SYNTHETIC_IMAGES, 1);
            pixels = d.train();
            count = d.trainSize();
        } else {
            IdxFiles.Images im = IdxFiles.readImages(settings.images());
            pixels = im.pixels();
            count = im.count();
        }
        VaeArchitecture arch = VaeArchitecture.parse(settings.architecture());
        int warmup = settings.warmup();
        int steps = settings.steps();
        try (ModelFixture model = new ModelFixture(arch, settings.estimator(), pixels, count,
                settings.batch(), settings.threads(), settings.learningRate(), seed)) {
            RandomStream rng = RandomStream.of(seed + 1);
            long start = System.nanoTime();
            double elbo = 0;
            for (int s = 1; s <= warmup + steps; s++) {
                if (s == warmup + 1) {
                    start = System.nanoTime();
                }
                elbo = model.step().take(s, rng);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ThroughputResult(steps * (double) settings.batch() / seconds,
                    seconds * 1e3 / steps, elbo);
        }
    }
}

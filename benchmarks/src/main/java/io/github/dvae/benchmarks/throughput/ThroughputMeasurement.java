package io.github.dvae.benchmarks.throughput;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.IdxFiles;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.MatrixProduct;
import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains {@link ThroughputSettings#warmup()} untimed then {@link ThroughputSettings#steps()}
 * timed steps and reports images per second. Timing covers whole training steps: batch
 * preparation (threshold binarisation of a fresh shuffled batch, as the PyTorch reference script
 * binarises), forward, estimator, backward, Adam.
 */
public final class ThroughputMeasurement {

    private ThroughputMeasurement() {
    }

    /**
     * @throws IllegalArgumentException on an unknown estimator or architecture
     * @throws io.github.dvae.core.data.DataFormatException on an unreadable image file
     */
    public static ThroughputResult measure(ThroughputSettings settings) {
        int threads = settings.threads();
        int batch = settings.batch();
        int warmup = settings.warmup();
        int steps = settings.steps();
        long seed = settings.seed();
        float[] pixels;
        int count;
        if (settings.images() == null) {
            var d = SyntheticImages.generate(seed, 10_000, 1);
            pixels = d.train();
            count = d.trainSize();
        } else {
            IdxFiles.Images im = IdxFiles.readImages(settings.images());
            pixels = im.pixels();
            count = im.count();
        }
        VaeArchitecture arch = VaeArchitecture.parse(settings.architecture());
        EstimatorSpec spec = EstimatorSpec.parse(settings.estimator());
        MatrixProduct.limit(threads);
        var config = new EstimatorConfig(arch.latent(), arch.dataWidth(), DataType.FLOAT, seed,
                spec.options());
        EstimatorProvider provider = spec.provider();
        try (WorkerPool workers = new WorkerPool(threads)) {
            Vae vae = new Vae(arch, provider.create(config), Adam.Settings.of(1e-3),
                    DataType.FLOAT, RandomStream.of(seed), workers);
            RandomStream rng = RandomStream.of(seed + 1);
            INDArray x = Nd4j.create(DataType.FLOAT, batch, arch.dataWidth());
            ElementView xv = ElementView.of(x);
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            int perEpoch = count / batch;
            long start = 0;
            double elbo = 0;
            for (int s = 0; s < warmup + steps; s++) {
                if (s == warmup) {
                    start = System.nanoTime();
                }
                int b = s % perEpoch;
                if (b == 0) {
                    rng.shuffle(order);
                }
                Binarisation.THRESHOLD.apply(pixels, arch.dataWidth(), order, b * batch, batch,
                        xv, rng);
                elbo = vae.trainStep(x, rng).elbo();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ThroughputResult(steps * (double) batch / seconds, seconds * 1e3 / steps,
                    elbo);
        }
    }
}

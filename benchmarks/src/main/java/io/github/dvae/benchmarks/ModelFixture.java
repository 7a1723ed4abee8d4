package io.github.dvae.benchmarks;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.experiments.probe.ProbeThreads;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model, its estimator and one binarised batch of synthetic images: the benchmarks' inputs. */
final class ModelFixture implements AutoCloseable {

    final VaeArchitecture architecture;
    final GradientEstimator estimator;
    /** Fresh instances of the estimator's configuration, as a run's probe draws with. */
    private final Supplier<GradientEstimator> copies;
    final WorkerPool workers;
    final Vae vae;
    final INDArray batch;

    ModelFixture(String architecture, String estimator, int batchSize, int threads) {
        this.architecture = VaeArchitecture.parse(architecture);
        EstimatorSpec spec = EstimatorSpec.parse(estimator);
        EstimatorConfig config = new EstimatorConfig(this.architecture.latent(),
                this.architecture.dataWidth(), DataType.FLOAT, 1L, spec.options());
        this.estimator = spec.provider().create(config);
        this.copies = () -> spec.provider().create(config);
        Nd4j.factory().blas().setMaxThreads(threads);
        this.workers = new WorkerPool(threads);
        this.vae = new Vae(this.architecture, this.estimator, Adam.Settings.of(1e-3),
                DataType.FLOAT, RandomStream.of(1), workers);
        ImageDataset data = SyntheticImages.generate(1, batchSize, 1);
        this.batch = Nd4j.create(DataType.FLOAT, batchSize, this.architecture.dataWidth());
        Binarisation.THRESHOLD.apply(data.train(), data.pixels(), null, 0, batchSize,
                ElementView.of(batch), RandomStream.of(2));
    }

    /**
     * The variance probe of this model on this batch, as a training run builds it (without a
     * reference): M estimates drawn on the fixture's threads.
     */
    GradientVarianceProbe probe(int estimates) {
        return new GradientVarianceProbe(vae, batch, estimator, null, "", estimates, 0,
                new ProbeThreads(workers, copies, null));
    }

    @Override
    public void close() {
        workers.close();
    }
}

package io.github.dvae.benchmarks.throughput;

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
import io.github.dvae.experiments.environment.BlasThreads;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.experiments.probe.ProbeThreads;
import io.github.dvae.experiments.training.RunStep;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model set up as the runner sets up a run, for the benchmarks to time: its threads through
 * {@link BlasThreads#forRun} (ND4J's native threads limited process-wide, a worker pool of as
 * many), Adam on {@code float}, and {@link #step()}, the runner's own training step (a fresh
 * threshold-binarised batch from a shuffled pass over the images, then the model's step). Also
 * one fixed binarised batch ({@link #batch()}: the images' first {@code batchSize}) for the
 * benchmarks of parts of a step (the decoder, the probe's estimates at frozen parameters).
 * Closing it closes the worker pool.
 */
public final class ModelFixture implements AutoCloseable {

    /** Synthetic training images of a fixture made by {@link #synthetic}: the throughput default. */
    public static final int SYNTHETIC_IMAGES = 10_000;

    private final VaeArchitecture architecture;
    private final GradientEstimator estimator;
    /** Fresh instances of the estimator's configuration, as a run's probe draws with. */
    private final Supplier<GradientEstimator> copies;
    private final WorkerPool workers;
    private final Vae vae;
    private final RunStep step;
    private final INDArray batch;

    /**
     * @param images {@code count} images of {@code architecture.dataWidth()} intensities in
     *     [0, 1]; at least one batch
     * @throws IllegalArgumentException on an unknown estimator, options it refuses, or too few
     *     images
     */
    public ModelFixture(VaeArchitecture architecture, String estimator, float[] images, int count,
            int batchSize, int threads, double learningRate, long seed) {
        EstimatorSpec spec = EstimatorSpec.parse(estimator);
        this.architecture = architecture;
        EstimatorConfig config = new EstimatorConfig(architecture.latent(),
                architecture.dataWidth(), DataType.FLOAT, seed, spec.options());
        this.estimator = spec.provider().create(config);
        this.copies = () -> spec.provider().create(config);
        this.workers = BlasThreads.forRun(threads, architecture, batchSize);
        try {
            this.vae = new Vae(architecture, this.estimator, Adam.Settings.of(learningRate),
                    DataType.FLOAT, RandomStream.of(seed), workers);
            this.step = new RunStep(vae, images, count, architecture.dataWidth(),
                    Binarisation.THRESHOLD, batchSize);
        } catch (RuntimeException e) {
            workers.close();
            throw e;
        }
        this.batch = Nd4j.create(DataType.FLOAT, batchSize, architecture.dataWidth());
        Binarisation.THRESHOLD.apply(images, architecture.dataWidth(), null, 0, batchSize,
                ElementView.of(batch), RandomStream.of(seed + 1));
    }

    /**
     * {@link #SYNTHETIC_IMAGES} synthetic images (or one batch, if larger), Adam 1e-3, seed 1:
     * the JMH benchmarks' and {@code StepCpuTime}'s model.
     */
    public static ModelFixture synthetic(String architecture, String estimator, int batchSize,
            int threads) {
        VaeArchitecture arch = VaeArchitecture.parse(architecture);
        ImageDataset data = SyntheticImages.generate(1, Math.max(SYNTHETIC_IMAGES, batchSize), 1);
        return new ModelFixture(arch, estimator, data.train(), data.trainSize(), batchSize,
                threads, 1e-3, 1);
    }

    public VaeArchitecture architecture() {
        return architecture;
    }

    public GradientEstimator estimator() {
        return estimator;
    }

    /** The run's pool for the elementwise kernels (closed with the fixture). */
    public WorkerPool workers() {
        return workers;
    }

    public Vae model() {
        return vae;
    }

    /** The runner's training step on the fixture's images. */
    public RunStep step() {
        return step;
    }

    /** One fixed binarised batch of the images' first {@code batchSize}, never rewritten. */
    public INDArray batch() {
        return batch;
    }

    /**
     * The variance probe of this model on {@link #batch()}, as a training run builds it (without
     * a reference): {@code estimates} estimates drawn on the fixture's threads.
     */
    public GradientVarianceProbe probe(int estimates) {
        return new GradientVarianceProbe(vae, batch, estimator, null, "", estimates, 0,
                new ProbeThreads(workers, copies, null));
    }

    @Override
    public void close() {
        workers.close();
    }
}

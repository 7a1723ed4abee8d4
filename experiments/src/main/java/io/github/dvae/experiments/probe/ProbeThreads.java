package io.github.dvae.experiments.probe;

import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The threads a probe draws its estimates on: one copy of the model per thread of the run's pool,
 * and how to build a fresh
 * instance of the measured estimator (and of the noisy reference) for each thread, since an
 * estimator keeps per-call scratch and is not thread-safe. With {@code workers().threads() > 1}
 * and a factory, independent estimates run side by side, one per thread, each on its own
 * {@link io.github.dvae.core.model.Vae#frozenCopy frozen copy} of the model with one BLAS thread;
 * without a factory, one estimate at a time on the model itself, its kernels on the pool. The
 * numbers do not depend on which: estimate {@code i} always draws from the {@code i}-th stream
 * split off the probe's stream and the moments add the estimates in index order.
 *
 * @param copies the frozen copies of the model the threads draw on, shared with other probes
 *     on the same model (a basket's configurations)
 * @param estimator fresh instances of the measured estimator, of its configuration; null: one
 *     estimate at a time
 * @param reference fresh instances of the noisy reference; null: one draw at a time
 */
public record ProbeThreads(ModelCopies copies, Supplier<GradientEstimator> estimator,
        Supplier<GradientEstimator> reference) {

    /** Everything on the calling thread, one estimate at a time. */
    public static final ProbeThreads SERIAL = new ProbeThreads(WorkerPool.SERIAL, null, null);

    public ProbeThreads {
        Objects.requireNonNull(copies, "copies");
    }

    /** Threads of {@code workers}, with copies of the model of their own. */
    public ProbeThreads(WorkerPool workers, Supplier<GradientEstimator> estimator,
            Supplier<GradientEstimator> reference) {
        this(new ModelCopies(workers), estimator, reference);
    }

    /** The run's pool (its size is the number of estimates drawn at once). */
    public WorkerPool workers() {
        return copies.workers();
    }
}

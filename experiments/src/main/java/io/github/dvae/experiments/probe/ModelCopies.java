package io.github.dvae.experiments.probe;

import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.function.Supplier;

/**
 * One {@link Vae#frozenCopy frozen copy} of a model per thread of a pool, built at first use and
 * shared by every estimator drawn on them (the probe's estimator and its noisy reference, every
 * configuration of a basket), so that a model's parameters are held once per thread, not once
 * per thread and estimator. Whoever draws on a copy brings it up to the model first
 * ({@link Vae#copyParametersTo}). Not thread-safe: used between a run's steps.
 */
public final class ModelCopies {

    private final WorkerPool workers;
    private Vae of;
    private Vae[] copies;

    /** Copies for the threads of {@code workers}. */
    public ModelCopies(WorkerPool workers) {
        this.workers = workers;
    }

    /** The pool whose threads draw on the copies. */
    public WorkerPool workers() {
        return workers;
    }

    /**
     * The copies of {@code model}, one per thread, each built around a fresh estimator of the
     * model's latent family (any: an estimate names the estimator it draws with).
     */
    Vae[] of(Vae model, Supplier<GradientEstimator> fresh) {
        if (of != model) {
            copies = new Vae[workers.threads()];
            for (int t = 0; t < copies.length; t++) {
                copies[t] = model.frozenCopy(fresh.get(), WorkerPool.SERIAL);
            }
            of = model;
        }
        return copies;
    }
}

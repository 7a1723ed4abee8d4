package io.github.dvae.estimators.contract;

import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;

/**
 * An objective that passes every call through to another and shows each call to an observer
 * first: how the tests count decoder evaluations and check what an estimator feeds the decoder.
 */
final class ObservedObjective implements Objective {

    /** Sees one call: its input, and its target ({@code null} for a values-only call). */
    interface Observer {
        void called(DecoderInput z, Target target);
    }

    private final Objective inner;
    private final Observer observer;

    ObservedObjective(Objective inner, Observer observer) {
        this.inner = inner;
        this.observer = observer;
    }

    @Override
    public int examples() {
        return inner.examples();
    }

    @Override
    public int inputWidth() {
        return inner.inputWidth();
    }

    @Override
    public double[] values(DecoderInput z) {
        observer.called(z, null);
        return inner.values(z);
    }

    @Override
    public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
        observer.called(z, target);
        return inner.differentiate(z, weights, target);
    }
}

package io.github.dvae.experiments.probe;

import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.experiments.environment.BlasThreads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws the estimates of one estimator on one model and minibatch at frozen parameters, and adds
 * them up into {@link GradientVarianceProbe.Moments}: on the model itself one at a time, or on
 * one {@link Vae#frozenCopy frozen copy} per thread of the pool ({@link ModelCopies}), as many at
 * once as it has threads, each thread with an estimator of its own (see {@link ProbeThreads}).
 * Before every measurement the copies are brought up to the model's parameters and step count,
 * and the estimators to the measured estimator's parameters and state. Each drawer copies
 * its estimate into buffers of its own, reused from estimate to estimate; the moments add a wave's
 * estimates in index order, each add split over coordinates, so the result does not depend on the
 * number of threads. Not thread-safe: one measurement at a time.
 */
final class EstimateDraws {

    /** One thread's model and estimator, and the buffers its estimate is copied into. */
    private static final class Drawer {
        private final Vae model;
        private final GradientEstimator estimator;
        private final INDArray batch;
        private final double[] parameters;
        private double[] logits = new double[0];

        Drawer(Vae model, GradientEstimator estimator, INDArray batch) {
            this.model = model;
            this.estimator = estimator;
            this.batch = batch;
            this.parameters = new double[encoderSize(model)];
        }

        void draw(RandomStream rng) {
            // libnd4j's thread count is set per calling thread: set it on this drawing thread
            // too, or its own ops (reductions) split, and round, by the machine's cores.
            // OpenBLAS's count is the process's, already 1 for the whole measurement
            // (onOneBlasThread); setting it again here went through JavaCPP's loader on every
            // estimate, which cost CPU and kept the JIT compiling the loader's long tail.
            BlasThreads.limitNativeOpsOnThisThread(1);
            EstimatorStep step = model.gradientEstimate(batch, rng, estimator, false);
            int offset = 0;
            for (Parameter p : model.encoder().parameters()) {
                p.gradients().copyTo(0, parameters, offset, p.size());
                offset += p.size();
            }
            // The step's gradient may be a buffer the estimator reuses: copy it now.
            ElementView g = ElementView.of(step.gradient());
            if (logits.length != g.length()) {
                logits = new double[g.length()];
            }
            g.copyTo(0, logits, 0, logits.length);
        }
    }

    private final Vae model;
    private final GradientEstimator estimator;
    private final WorkerPool workers;
    private final Drawer[] drawers;

    /**
     * @param fresh new instances of {@code estimator}'s configuration, one per thread; null to
     *     draw on the model itself, one estimate at a time
     * @param copies the model's copies, one per thread, which the draws share with others
     */
    EstimateDraws(Vae model, INDArray batch, GradientEstimator estimator,
            Supplier<GradientEstimator> fresh, ModelCopies copies) {
        this.model = model;
        this.estimator = estimator;
        this.workers = copies.workers();
        int threads = fresh == null ? 1 : workers.threads();
        this.drawers = new Drawer[threads];
        if (threads == 1) {
            drawers[0] = new Drawer(model, estimator, batch);
        } else {
            Vae[] models = copies.of(model, fresh);
            for (int t = 0; t < threads; t++) {
                drawers[t] = new Drawer(models[t], fresh.get(), batch);
            }
        }
    }

    /** One estimate by {@code using} on the model itself, in buffers of its own. */
    static GradientVarianceProbe.Estimate once(Vae model, INDArray batch,
            GradientEstimator using, RandomStream rng) {
        Drawer d = new Drawer(model, using, batch);
        onOneBlasThread(() -> d.draw(rng));
        return new GradientVarianceProbe.Estimate(d.parameters, d.logits);
    }

    /** Estimates drawn at once. */
    int threads() {
        return drawers.length;
    }

    /**
     * The moments of {@code count} estimates at the model's present parameters, estimate
     * {@code i} drawing from the {@code i}-th stream split off {@code rng}.
     *
     * @param seconds told the wall seconds of each estimate (a wave's wall time shared evenly by
     *     its estimates), in index order
     */
    GradientVarianceProbe.Moments measure(int count, RandomStream rng, DoubleConsumer seconds) {
        if (count < 2) {
            throw new IllegalArgumentException("a variance needs at least 2 estimates, got "
                    + count);
        }
        RandomStream[] streams = new RandomStream[count];
        for (int i = 0; i < count; i++) {
            streams[i] = rng.split();
        }
        if (drawers.length > 1) {
            synchronise();
        }
        CoordinateMoments parameters = new CoordinateMoments(drawers[0].parameters.length);
        CoordinateMoments[] logits = {null};
        onOneBlasThread(() -> {
            for (int base = 0; base < count; base += drawers.length) {
                int first = base;
                int n = Math.min(drawers.length, count - base);
                long begin = System.nanoTime();
                workers.forEach(n, t -> drawers[t].draw(streams[first + t]));
                double each = (System.nanoTime() - begin) / 1e9 / n;
                for (int t = 0; t < n; t++) {
                    seconds.accept(each);
                    if (logits[0] == null) {
                        logits[0] = new CoordinateMoments(drawers[t].logits.length);
                    }
                    parameters.add(drawers[t].parameters, workers);
                    logits[0].add(drawers[t].logits, workers);
                }
            }
        });
        return new GradientVarianceProbe.Moments(parameters, logits[0]);
    }

    /**
     * Runs {@code draws} with OpenBLAS and libnd4j on one thread each, then restores the run's
     * setting. Side by side, two products at once on two cores each want one thread (a small
     * product is fastest on one anyway, and OpenBLAS serialises concurrent threaded calls); and
     * since OpenBLAS's rounding depends on its thread count, a probe drawn one estimate at a
     * time must use one thread too for its numbers to be the same. The setting is the process's:
     * probes are drawn between a run's steps, never during them.
     */
    private static void onOneBlasThread(Runnable draws) {
        int blas = BlasThreads.current();
        if (blas == 1) {
            draws.run();
            return;
        }
        // Not BlasThreads.limit: through ND4J it runs JavaCPP's loader on every call, whose
        // CPU and the JIT compiling its rarely used paths weighed on the probe.
        BlasThreads.limitForNow(1);
        try {
            draws.run();
        } finally {
            BlasThreads.limitForNow(blas);
        }
    }

    /** Brings every copy to the model's parameters and step and the estimator's state. */
    private void synchronise() {
        byte[] state = state(estimator);
        for (Drawer d : drawers) {
            model.copyParametersTo(d.model);
            copyValues(estimator.parameters(), d.estimator.parameters());
            copyValues(estimator.family().parameters(), d.estimator.family().parameters());
            try {
                d.estimator.restoreState(new StateInput(new ByteArrayInputStream(state)));
            } catch (IOException e) {
                throw new UncheckedIOException("an estimator's own state did not restore", e);
            }
        }
    }

    private static byte[] state(GradientEstimator estimator) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            StateOutput out = new StateOutput(bytes);
            estimator.saveState(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void copyValues(List<Parameter> from, List<Parameter> to) {
        if (from.size() != to.size()) {
            throw new IllegalStateException("a fresh estimator has " + to.size()
                    + " parameters, the measured one " + from.size());
        }
        for (int i = 0; i < from.size(); i++) {
            to.get(i).value().assign(from.get(i).value());
        }
    }

    private static int encoderSize(Vae model) {
        int size = 0;
        for (Parameter p : model.encoder().parameters()) {
            size += p.size();
        }
        return size;
    }
}

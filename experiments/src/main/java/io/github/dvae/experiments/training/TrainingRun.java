package io.github.dvae.experiments.training;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.TrainingStep;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.experiments.checkpoint.RunCheckpoint;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ImageSet;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunImages;
import io.github.dvae.reports.store.RunSummary;
import io.github.dvae.reports.store.RunWriter;
import io.github.dvae.reports.store.StoreRecords;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains and measures one run from its configuration, writing each result to the store as soon as
 * it exists: epochs, probes, then after the last epoch the importance-weighted bound on
 * {@code log p(x)} when asked for, the images and the summary. Everything random comes from
 * streams split off {@code RandomStream.of(seed)} in a fixed order (parameters, training,
 * evaluation, test pixels, probe, images, bound: the bound's split last, so that turning it on
 * changes no other number), so a run is reproducible and two runs never share a stream;
 * estimator configurations with the same seed start from the same parameters. With a
 * {@link RunCheckpoint}, the run saves its whole state (model, Adam, the estimator's own state,
 * every stream, the loop's position and the records so far) when due and when interrupted, and
 * continues from it bit-identically.
 */
public final class TrainingRun {

    private final RunConfig config;
    private final VaeArchitecture architecture;
    private final ImageDataset data;
    private final Binarisation binarisation;
    private final RunListener listener;
    private final int threads;

    /**
     * @param config the run, options resolved
     * @param architecture the parsed {@link RunConfig#architecture()}
     * @param data the data set, already limited to the configuration's sizes; only read
     * @param binarisation the parsed {@link RunConfig#binarisation()}
     * @param listener told of progress, from this run's thread
     * @param threads threads for the run's elementwise kernels; results do not depend on it
     */
    public TrainingRun(RunConfig config, VaeArchitecture architecture, ImageDataset data,
            Binarisation binarisation, RunListener listener, int threads) {
        if (data.trainSize() != config.trainExamples() || data.testSize() != config.testExamples()) {
            throw new IllegalArgumentException("data of " + data.trainSize() + "/"
                    + data.testSize() + " images does not match the configuration's "
                    + config.trainExamples() + "/" + config.testExamples());
        }
        this.config = config;
        this.architecture = architecture;
        this.data = data;
        this.binarisation = binarisation;
        this.listener = listener;
        this.threads = threads;
    }

    /**
     * Runs every epoch, writing records to {@code writer}, then the images and the summary.
     *
     * @throws InterruptedIOException if the thread is interrupted (the run stays incomplete)
     */
    public RunSummary execute(RunWriter writer) throws IOException {
        return execute(writer, RunCheckpoint.NONE);
    }

    /**
     * As {@link #execute(RunWriter)}, continuing from {@code checkpoint}'s last state if it has
     * one (its records so far are written to {@code writer} first), saving the state when it is
     * due and when the thread is interrupted, and removing it once the run is complete.
     *
     * @throws io.github.dvae.experiments.checkpoint.CheckpointException if the checkpoint is
     *     damaged or of another format version or configuration
     */
    public RunSummary execute(RunWriter writer, RunCheckpoint checkpoint) throws IOException {
        try (WorkerPool workers = new WorkerPool(threads)) {
            RunSummary summary = execute(writer, workers, checkpoint);
            checkpoint.delete();
            return summary;
        }
    }

    private RunSummary execute(RunWriter writer, WorkerPool workers, RunCheckpoint checkpoint)
            throws IOException {
        RandomStream root = RandomStream.of(config.seed());
        RandomStream init = root.split();
        RandomStream training = root.split();
        RandomStream evaluation = root.split();
        RandomStream testPixels = root.split();
        RandomStream probing = root.split();
        RandomStream drawing = root.split();
        RandomStream bounding = root.split();
        List<RandomStream> streams = List.of(training, evaluation, probing, drawing, bounding);

        GradientEstimator estimator = estimator(config.estimator());
        Vae vae = new Vae(architecture, estimator, Adam.Settings.of(config.learningRate()),
                DataType.FLOAT, init, workers);
        int pixels = data.pixels();
        BinarisedImages test = BinarisedImages.of(data.test(), pixels, data.testSize(),
                binarisation, testPixels);
        GradientVarianceProbe probe = probe(vae, estimator, probing.split());

        int batchSize = config.batchSize();
        int steps = data.trainSize() / batchSize;
        INDArray batch = Nd4j.create(DataType.FLOAT, batchSize, pixels);
        ElementView batchView = ElementView.of(batch);
        Progress at = new Progress(identity(data.trainSize()));
        Optional<StateInput> saved = checkpoint.read(config);
        if (saved.isPresent()) {
            at.restore(saved.get(), vae, streams, writer);
            listener.stepsTaken(config, (int) vae.steps());
        } else if (probe != null) {
            record(writer, probe.measure(0, probing), at);
        }
        RunCheckpoint.Contents state = out -> at.save(out, vae, streams, System.nanoTime());
        EpochRecord last = at.lastEpoch;
        for (; at.epoch <= config.epochs(); at.nextEpoch()) {
            if (!at.shuffled) {
                training.shuffle(at.order);
                at.shuffled = true;
                at.epochStart = System.nanoTime();
            }
            for (; at.step < steps; at.step++) {
                if (Thread.interrupted()) {
                    // Cleared while the checkpoint is written (an interrupted channel would
                    // close), set again for the callers.
                    try {
                        checkpoint.write(config, state);
                    } finally {
                        Thread.currentThread().interrupt();
                    }
                    throw new InterruptedIOException("run " + config.runId() + " interrupted");
                }
                binarisation.apply(data.train(), pixels, at.order, at.step * batchSize,
                        batchSize, batchView, training);
                TrainingStep step = vae.trainStep(batch, training);
                at.elboSum += step.elbo();
                listener.stepsTaken(config, 1);
                if (at.step + 1 < steps && checkpoint.due(vae.steps())) {
                    at.step++; // the state after this step: the next one is due
                    checkpoint.write(config, state);
                    at.step--;
                }
            }
            Evaluation e = test.evaluate(vae, evaluation);
            long now = System.nanoTime();
            last = new EpochRecord(at.epoch, vae.steps(), at.elboSum / steps, e.elbo(),
                    e.reconstruction(), e.kl(), (now - at.epochStart) / 1e9, (now - at.runStart) / 1e9,
                    estimator.diagnostics());
            writer.epoch(last);
            at.epochs.add(last);
            at.lastEpoch = last;
            listener.epochFinished(config, last);
            if (probe != null && (at.epoch % config.probe().every() == 0
                    || at.epoch == config.epochs())) {
                record(writer, probe.measure(at.epoch, probing), at);
            }
            if (checkpoint.due(vae.steps()) && at.epoch < config.epochs()) {
                at.nextEpoch(); // saved as the start of the next epoch, not yet shuffled
                checkpoint.write(config, state);
                at.epoch--;
            }
        }
        Double bound = null;
        Double boundSeconds = null;
        if (config.iwBoundRequested() && estimator.family().hasDensity()) {
            long boundStart = System.nanoTime();
            bound = iwBound(vae, test, bounding);
            boundSeconds = bound == null ? null : (System.nanoTime() - boundStart) / 1e9;
        }
        if (config.imageCount() > 0) {
            writer.images(images(vae, test, drawing));
        }
        RunSummary summary = new RunSummary(Instant.now().toString(), config.epochs(),
                vae.steps(), last.testElbo(), (System.nanoTime() - at.runStart) / 1e9, bound,
                boundSeconds);
        return writer.complete(summary);
    }

    /**
     * Where the training loop stands, and the records so far: what a checkpoint holds beside
     * the model and the random streams. {@code step} is the next step of {@code epoch};
     * {@code shuffled} says whether {@code order} is already that epoch's permutation.
     */
    private static final class Progress {
        int epoch = 1;
        int step;
        boolean shuffled;
        double elboSum;
        long epochStart;
        /** When the run started, shifted on resuming by the time it had run before. */
        long runStart = System.nanoTime();
        final int[] order;
        final List<EpochRecord> epochs = new ArrayList<>();
        final List<ProbeRecord> probes = new ArrayList<>();
        EpochRecord lastEpoch;

        Progress(int[] order) {
            this.order = order;
        }

        void nextEpoch() {
            epoch++;
            step = 0;
            shuffled = false;
            elboSum = 0;
        }

        void save(StateOutput out, Vae vae, List<RandomStream> streams, long now)
                throws IOException {
            out.writeLong("run.epoch", epoch);
            out.writeLong("run.step", step);
            out.writeBoolean("run.shuffled", shuffled);
            out.writeDouble("run.elbo-sum", elboSum);
            out.writeLong("run.epoch-elapsed-nanos", now - epochStart);
            out.writeInts("run.order", order);
            for (int i = 0; i < streams.size(); i++) {
                out.writeBytes("run.stream." + i, streams.get(i).saveState());
            }
            vae.saveState(out);
            out.writeBytes("run.epochs", lines(epochs));
            out.writeBytes("run.probes", lines(probes));
            out.writeLong("run.elapsed-nanos", now - runStart);
        }

        /** Reads what {@link #save} wrote and writes the records so far to {@code writer}. */
        void restore(StateInput in, Vae vae, List<RandomStream> streams, RunWriter writer)
                throws IOException {
            epoch = (int) in.readLong("run.epoch");
            step = (int) in.readLong("run.step");
            shuffled = in.readBoolean("run.shuffled");
            elboSum = in.readDouble("run.elbo-sum");
            epochStart = System.nanoTime() - in.readLong("run.epoch-elapsed-nanos");
            int[] savedOrder = in.readInts("run.order", order.length);
            System.arraycopy(savedOrder, 0, order, 0, order.length);
            for (int i = 0; i < streams.size(); i++) {
                streams.get(i).restoreState(in.readBytes("run.stream." + i));
            }
            vae.restoreState(in);
            for (String line : split(in.readBytes("run.epochs"))) {
                EpochRecord r = StoreRecords.read(line, EpochRecord.class);
                writer.epoch(r);
                epochs.add(r);
                lastEpoch = r;
            }
            for (String line : split(in.readBytes("run.probes"))) {
                ProbeRecord r = StoreRecords.read(line, ProbeRecord.class);
                writer.probe(r);
                probes.add(r);
            }
            runStart = System.nanoTime() - in.readLong("run.elapsed-nanos");
        }

        private static byte[] lines(List<?> records) {
            StringBuilder b = new StringBuilder();
            for (Object r : records) {
                b.append(StoreRecords.line(r)).append('\n');
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static List<String> split(byte[] lines) {
            String all = new String(lines, StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : List.of(all.split("\n"));
        }
    }

    /**
     * The importance-weighted bound with the configuration's K over the whole test set, nats per
     * example; null if the latent family turns out to have no density after all.
     */
    private Double iwBound(Vae vae, BinarisedImages test, RandomStream rng)
            throws InterruptedIOException {
        try {
            return test.importanceWeightedBoundSum(vae, config.iwSamples(), rng) / test.count();
        } catch (UnsupportedOperationException e) {
            return null; // "not available", as for a family that says so up front
        }
    }

    private void record(RunWriter writer, ProbeRecord record, Progress at) throws IOException {
        writer.probe(record);
        at.probes.add(record);
        listener.probed(config, record);
    }

    private GradientEstimator estimator(String id) {
        return Estimators.find(id).create(new EstimatorConfig(architecture.latent(),
                architecture.dataWidth(), DataType.FLOAT, config.seed(), config.options()));
    }

    private GradientVarianceProbe probe(Vae vae, GradientEstimator estimator,
            RandomStream pixels) {
        RunConfig.ProbeSettings p = config.probe();
        if (!p.enabled()) {
            return null;
        }
        INDArray batch = Nd4j.create(DataType.FLOAT, p.batchSize(), data.pixels());
        binarisation.apply(data.train(), data.pixels(), null, 0, p.batchSize(),
                ElementView.of(batch), pixels);
        GradientEstimator reference;
        try {
            reference = Estimators.find(p.reference()).create(EstimatorConfig.of(
                    architecture.latent(), architecture.dataWidth()));
        } catch (IllegalArgumentException e) {
            reference = null; // the latent space is too large to enumerate: variance only
        }
        if (reference != null
                && !reference.family().getClass().equals(estimator.family().getClass())) {
            reference = null; // a reference for another kind of latent (Gaussian, codebook)
        }
        return new GradientVarianceProbe(vae, batch, estimator, reference, p.reference(),
                p.estimates());
    }

    /**
     * The first test image of each class, then the next ones, as seen by the model; their
     * reconstructions; and twice as many samples from the prior.
     */
    private RunImages images(Vae vae, BinarisedImages test, RandomStream rng) {
        int count = Math.min(config.imageCount(), test.count());
        int[] chosen = new int[count];
        Set<Integer> labels = new HashSet<>();
        Set<Integer> taken = new HashSet<>();
        int n = 0;
        int[] testLabels = data.testLabels();
        for (int i = 0; i < testLabels.length && n < count; i++) {
            if (labels.add(testLabels[i])) {
                chosen[n++] = i;
                taken.add(i);
            }
        }
        for (int i = 0; i < testLabels.length && n < count; i++) {
            if (!taken.contains(i)) {
                chosen[n++] = i;
            }
        }
        Arrays.sort(chosen);
        INDArray originals = test.rows(chosen);
        double[] reconstructions = vae.reconstruct(originals, rng);
        double[] samples = vae.generate(2 * count, rng);
        int w = data.width();
        int h = data.height();
        return new RunImages(
                ImageSet.fromUnitInterval(w, h, ElementView.of(originals).toDoubleArray(), count),
                ImageSet.fromUnitInterval(w, h, reconstructions, count),
                ImageSet.fromUnitInterval(w, h, samples, 2 * count));
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Fisher-Yates, from the run's training stream. */
}

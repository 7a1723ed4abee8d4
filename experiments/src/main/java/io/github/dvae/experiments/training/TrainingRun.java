package io.github.dvae.experiments.training;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.DataSplit;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateFormatException;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.experiments.basket.SameSnapshotBasket;
import io.github.dvae.experiments.checkpoint.RunCheckpoint;
import io.github.dvae.experiments.environment.BlasThreads;
import io.github.dvae.experiments.metric.Metrics;
import io.github.dvae.experiments.metric.RunContext;
import io.github.dvae.experiments.metric.RunMetric;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.experiments.probe.ProbeThreads;
import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import io.github.dvae.reports.store.BasketRecord;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains and measures one run from its configuration, writing each result to the store as soon as
 * it exists: the metrics of every evaluation point and probe, then the metrics measured once after
 * training, the images and the summary. The budget is {@link TrainingSettings#steps} optimiser
 * steps (a step budget, or whole epochs); the evaluation points are
 * {@link TrainingSettings#evaluation}'s steps (the end of every epoch unless a schedule is set);
 * the probe runs before training, at every {@link ProbeSettings#EVERY}-th evaluation point and at
 * the last (for an epoch budget: every N epochs). Which metrics, and when, is theirs to say ({@link RunMetric}).
 * Everything random comes from streams split off {@code RandomStream.of(seed)} in a fixed order
 * (parameters, training, evaluation, test pixels, probe, images, metrics, validation pixels,
 * validation); each metric that draws
 * has a stream of its own, derived from its name, so adding or turning on a metric changes no
 * other number; a run is reproducible and two runs never share a stream;
 * estimator configurations with the same seed start from the same parameters. With a
 * {@link RunCheckpoint}, the loop hands it the run's whole state at every step boundary (model,
 * Adam, the estimator's own state, every stream, the records so far; the loop's position is the
 * optimiser's step count) to save when due and when interrupted, and continues from it
 * bit-identically.
 */
public final class TrainingRun {

    private final RunConfig config;
    private final VaeArchitecture architecture;
    private final ImageDataset data;
    private final DataSplit split;
    private final Binarisation binarisation;
    private final RunListener listener;
    private final int threads;
    private final List<RunMetric> metrics;
    private final SameSnapshotBasket basket;

    /**
     * @param config the run, options resolved
     * @param architecture the parsed {@link RunConfig#architecture()}
     * @param split the data set, already limited to the configuration's sizes, with its
     *     validation images; only read
     * @param binarisation the parsed {@link RunConfig#binarisation()}
     * @param listener told of progress, from this run's thread
     * @param threads threads for the run's elementwise kernels and ND4J's native code, set up by
     *     {@link BlasThreads#forRun} when the run executes; results do not depend on it
     * @param metrics what to measure, in order (usually {@link Metrics#discovered()})
     */
    public TrainingRun(RunConfig config, VaeArchitecture architecture, DataSplit split,
            Binarisation binarisation, RunListener listener, int threads,
            List<RunMetric> metrics) {
        ImageDataset data = split.fitting();
        int train = config.get(TrainingSettings.TRAIN_EXAMPLES);
        int testSize = config.get(TrainingSettings.TEST_EXAMPLES);
        if (data.trainSize() != train || data.testSize() != testSize) {
            throw new IllegalArgumentException("data of " + data.trainSize() + "/"
                    + data.testSize() + " images does not match the configuration's "
                    + train + "/" + testSize);
        }
        if (split.validationSize() != config.get(TrainingSettings.VALIDATION_EXAMPLES)) {
            throw new IllegalArgumentException(split.validationSize() + " validation images do "
                    + "not match the configuration's "
                    + config.get(TrainingSettings.VALIDATION_EXAMPLES));
        }
        this.split = split;
        this.metrics = List.copyOf(metrics);
        this.config = config;
        this.architecture = architecture;
        this.data = data;
        this.binarisation = binarisation;
        this.listener = listener;
        this.threads = threads;
        this.basket = SameSnapshotBasket.of(config, architecture);
    }

    /** Opens the run's writer once the run knows which metrics it measures. */
    @FunctionalInterface
    public interface WriterFactory {
        RunWriter open(List<MetricSpec> metrics) throws IOException;
    }

    /**
     * Trains to the budget, writing records at every evaluation point and probe to the writer {@code open} gives, then the images and the
     * summary.
     *
     * @throws InterruptedIOException if the thread is interrupted (the run stays incomplete)
     */
    public RunSummary execute(WriterFactory open) throws IOException {
        return execute(open, RunCheckpoint.NONE);
    }

    /**
     * As {@link #execute(WriterFactory)}, continuing from {@code checkpoint}'s last state if it
     * has one (its records so far are written to the writer first), saving the state when it is
     * due and when the thread is interrupted, and removing it once the run is complete.
     *
     * @throws io.github.dvae.experiments.checkpoint.CheckpointException if the checkpoint is
     *     damaged or of another format version or configuration
     */
    public RunSummary execute(WriterFactory open, RunCheckpoint checkpoint) throws IOException {
        try (WorkerPool workers = BlasThreads.forRun(threads, architecture,
                config.get(TrainingSettings.BATCH_SIZE))) {
            RunSummary summary = execute(open, workers, checkpoint);
            checkpoint.delete();
            return summary;
        }
    }

    private RunSummary execute(WriterFactory open, WorkerPool workers, RunCheckpoint checkpoint)
            throws IOException {
        long start = System.nanoTime();
        RandomStream root = RandomStream.of(config.seed());
        RandomStream init = root.split();
        RandomStream training = root.split();
        RandomStream evaluation = root.split();
        RandomStream testPixels = root.split();
        RandomStream probing = root.split();
        RandomStream drawing = root.split();
        long metricSeed = root.split().nextLong();
        // Split after the others, so that runs without validation keep every number.
        RandomStream validationPixels = root.split();
        RandomStream validating = root.split();

        GradientEstimator estimator = estimator(config.estimator());
        Vae vae = new Vae(architecture, estimator,
                Adam.Settings.of(config.get(TrainingSettings.LEARNING_RATE)), DataType.FLOAT,
                init, workers);
        int pixels = data.pixels();
        BinarisedImages test = BinarisedImages.of(data.test(), pixels, data.testSize(),
                binarisation, testPixels);
        GradientVarianceProbe probe = probe(vae, estimator, probing.split(), workers);
        BinarisedImages validation = split.validationSize() == 0 ? null
                : BinarisedImages.of(split.validation(), pixels, split.validationSize(),
                        binarisation, validationPixels);
        Point point = new Point(vae, estimator, test, evaluation, validation, validating,
                metricSeed);
        Map<Schedule, List<RunMetric>> bySchedule = new EnumMap<>(Schedule.class);
        List<MetricSpec> specs = new ArrayList<>();
        for (RunMetric m : metrics) {
            for (MetricSpec spec : m.specs(point)) {
                specs.add(spec);
                List<RunMetric> scheduled = bySchedule.computeIfAbsent(spec.schedule(),
                        k -> new ArrayList<>());
                if (!scheduled.contains(m)) {
                    scheduled.add(m);
                }
            }
        }
        try (RunWriter writer = open.open(specs)) {
            RunStep runStep = new RunStep(vae, data.train(), data.trainSize(), pixels,
                    binarisation, config.get(TrainingSettings.BATCH_SIZE));
            Progress at = new Progress(writer, runStep.order(), start);
            List<RandomStream> streams = List.of(training, evaluation, probing, drawing);
            Optional<StateInput> saved = checkpoint.read(config);
            if (saved.isPresent()) {
                at.restore(saved.get(), vae, streams);
                listener.stepsTaken(config, (int) vae.steps());
            } else if (probe != null) {
                probe(at, point, probe, probing, bySchedule, false);
                // step-seconds times training: the probe before it (with a basket, minutes) is
                // not a step's cost
                at.pointDone();
            }
            RunCheckpoint.Contents state = out -> at.save(out, vae, streams);
            long perEpoch = runStep.perEpoch();
            long budget = TrainingSettings.steps(config);
            long[] points = TrainingSettings.evaluation(config).steps();
            int probeEvery = config.get(ProbeSettings.EVERY);
            // The loop's position is the optimiser's step count: a resumed run starts inside
            // the epoch it names, whose permutation (and the running sum since the last
            // evaluation point) the checkpoint holds; the points behind it follow from it.
            int reached = 0;
            while (reached < points.length && points[reached] <= vae.steps()) {
                reached++;
            }
            point.lastPoint = reached == 0 ? 0 : points[reached - 1];
            for (long step = vae.steps() + 1; step <= budget; step++) {
                at.elboSum += runStep.take(step, training);
                listener.stepsTaken(config, 1);
                if (step == points[reached]) {
                    // The one place per evaluation point where records are written and the
                    // probe runs; the step's checkpoint boundary comes after them.
                    long stepsSince = step - point.lastPoint;
                    point.evaluationPoint((int) (step / perEpoch), step,
                            at.elboSum / stepsSince,
                            (System.nanoTime() - at.epochStart) / 1e9 / stepsSince);
                    Map<String, Double> values = measure(point, bySchedule, Schedule.EPOCH);
                    long now = System.nanoTime();
                    EpochRecord record = new EpochRecord(point.epoch(), vae.steps(),
                            (now - at.epochStart) / 1e9, (now - at.runStart) / 1e9, values);
                    at.epoch(record);
                    listener.epochFinished(config, record);
                    reached++;
                    boolean last = step == budget;
                    if (probe != null && (reached % probeEvery == 0 || last)) {
                        probe(at, point, probe, probing, bySchedule, last);
                    }
                    at.pointDone();
                }
                if (step < budget) {
                    checkpoint.boundary(config, vae.steps(), state);
                }
            }
            Map<String, Double> finals = measure(point, bySchedule, Schedule.FINAL);
            writer.images(images(vae, test, drawing));
            RunSummary summary = new RunSummary(Instant.now().toString(),
                    config.get(TrainingSettings.EPOCHS), vae.steps(),
                    (System.nanoTime() - at.runStart) / 1e9, finals);
            return writer.complete(summary);
        }
    }

    /**
     * The loop's state beside the model and the streams, and the records so far: what a
     * checkpoint holds for the loop. {@code order} is the current epoch's permutation,
     * {@code elboSum} the sum of the training ELBOs of the steps since the last evaluation point
     * and {@code epochStart} when that point was (the run's start before the first).
     */
    private static final class Progress {
        final RunWriter writer;
        final int[] order;
        final List<EpochRecord> epochs = new ArrayList<>();
        final List<ProbeRecord> probes = new ArrayList<>();
        final List<BasketRecord> basket = new ArrayList<>();
        double elboSum;
        long epochStart;
        /** When the run started, shifted on resuming by the time it had run before. */
        long runStart;

        Progress(RunWriter writer, int[] order, long runStart) {
            this.writer = writer;
            this.order = order;
            this.runStart = runStart;
            this.epochStart = runStart;
        }

        /** An evaluation point is done: the running sum and its clock start again. */
        void pointDone() {
            elboSum = 0;
            epochStart = System.nanoTime();
        }

        void epoch(EpochRecord record) throws IOException {
            writer.epoch(record);
            epochs.add(record);
        }

        void probe(ProbeRecord record) throws IOException {
            writer.probe(record);
            probes.add(record);
        }

        void basket(BasketRecord record) throws IOException {
            writer.basket(record);
            basket.add(record);
        }

        void save(StateOutput out, Vae vae, List<RandomStream> streams) throws IOException {
            long now = System.nanoTime();
            out.writeLong("run.position", vae.steps());
            out.writeDouble("run.elbo-sum", elboSum);
            out.writeLong("run.epoch-elapsed-nanos", now - epochStart);
            out.writeInts("run.order", order);
            for (int i = 0; i < streams.size(); i++) {
                out.writeBytes("run.stream." + i, streams.get(i).saveState());
            }
            vae.saveState(out);
            out.writeBytes("run.epochs", lines(epochs));
            out.writeBytes("run.probes", lines(probes));
            out.writeBytes("run.basket", lines(basket));
            out.writeLong("run.elapsed-nanos", now - runStart);
        }

        /** Reads what {@link #save} wrote and writes the records so far to the run's writer. */
        void restore(StateInput in, Vae vae, List<RandomStream> streams) throws IOException {
            long position = in.readLong("run.position");
            elboSum = in.readDouble("run.elbo-sum");
            epochStart = System.nanoTime() - in.readLong("run.epoch-elapsed-nanos");
            int[] savedOrder = in.readInts("run.order", order.length);
            System.arraycopy(savedOrder, 0, order, 0, order.length);
            for (int i = 0; i < streams.size(); i++) {
                streams.get(i).restoreState(in.readBytes("run.stream." + i));
            }
            vae.restoreState(in);
            if (vae.steps() != position) {
                throw new StateFormatException("checkpoint at step " + position
                        + " holds a model of " + vae.steps() + " steps");
            }
            for (String line : split(in.readBytes("run.epochs"))) {
                epoch(StoreRecords.read(line, EpochRecord.class));
            }
            for (String line : split(in.readBytes("run.probes"))) {
                probe(StoreRecords.read(line, ProbeRecord.class));
            }
            for (String line : split(in.readBytes("run.basket"))) {
                basket(StoreRecords.read(line, BasketRecord.class));
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

    private static Map<String, Double> measure(Point point,
            Map<Schedule, List<RunMetric>> bySchedule, Schedule schedule) throws IOException {
        Map<String, Double> values = new TreeMap<>();
        for (RunMetric m : bySchedule.getOrDefault(schedule, List.of())) {
            m.measure(point, values::put);
        }
        return values;
    }

    private void probe(Progress at, Point point, GradientVarianceProbe probe,
            RandomStream rng, Map<Schedule, List<RunMetric>> bySchedule, boolean last)
            throws IOException {
        long begin = System.nanoTime();
        point.probed(probe.measure(rng, last));
        Map<String, Double> values = measure(point, bySchedule, Schedule.PROBE);
        point.probed(null);
        ProbeRecord record = new ProbeRecord(point.epoch(), point.step(),
                (begin - at.runStart) / 1e9, (System.nanoTime() - begin) / 1e9, values);
        at.probe(record);
        basket.measure(point, probe.batch(), probe.threads().workers(), at::basket);
        listener.probed(config, record);
    }

    /** The run at one point of measurement, as metrics see it. */
    private final class Point implements RunContext {

        private final Vae vae;
        private final GradientEstimator estimator;
        private final BinarisedImages test;
        private final RandomStream evaluation;
        private final BinarisedImages validation;
        private final RandomStream validating;
        private final long metricSeed;
        private int epoch;
        private long lastPoint;
        private double trainElbo = Double.NaN;
        private double stepSeconds = Double.NaN;
        private Evaluation evaluated;
        private Evaluation validated;
        private GradientVarianceProbe.Measurement probed;

        Point(Vae vae, GradientEstimator estimator, BinarisedImages test,
                RandomStream evaluation, BinarisedImages validation, RandomStream validating,
                long metricSeed) {
            this.vae = vae;
            this.estimator = estimator;
            this.test = test;
            this.evaluation = evaluation;
            this.validation = validation;
            this.validating = validating;
            this.metricSeed = metricSeed;
        }

        /**
         * The run reached an evaluation point: {@code finished} whole epochs, {@code step}
         * steps, with the mean train ELBO and step time since the previous point.
         */
        void evaluationPoint(int finished, long step, double meanElbo, double secondsPerStep) {
            epoch = finished;
            lastPoint = step;
            trainElbo = meanElbo;
            stepSeconds = secondsPerStep;
            evaluated = null;
            validated = null;
        }

        void probed(GradientVarianceProbe.Measurement measurement) {
            probed = measurement;
        }

        @Override
        public RunConfig config() {
            return config;
        }

        @Override
        public Vae model() {
            return vae;
        }

        @Override
        public GradientEstimator estimator() {
            return estimator;
        }

        @Override
        public ImageDataset data() {
            return data;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public long step() {
            return vae.steps();
        }

        @Override
        public double trainElbo() {
            return trainElbo;
        }

        @Override
        public double stepSeconds() {
            return stepSeconds;
        }

        @Override
        public Evaluation testEvaluation() {
            if (evaluated == null) {
                evaluated = test.evaluate(vae, evaluation);
            }
            return evaluated;
        }

        @Override
        public Optional<Evaluation> validationEvaluation() {
            if (validation == null) {
                return Optional.empty();
            }
            if (validated == null) {
                validated = validation.evaluate(vae, validating);
            }
            return Optional.of(validated);
        }

        @Override
        public Optional<GradientVarianceProbe.Measurement> probe() {
            return Optional.ofNullable(probed);
        }

        @Override
        public double importanceWeightedBound(int samples, RandomStream rng)
                throws InterruptedIOException {
            return test.importanceWeightedBoundSum(vae, samples, rng) / test.count();
        }

        @Override
        public RandomStream stream(String name) {
            // FNV-1a of the name, mixed with the run's metric seed by RandomStream.of's SplitMix.
            long h = 0xcbf29ce484222325L;
            for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            return RandomStream.of(metricSeed ^ h);
        }
    }

    private GradientEstimator estimator(String id) {
        return Estimators.find(id).create(new EstimatorConfig(architecture.latent(),
                architecture.dataWidth(), DataType.FLOAT, config.seed(), config.options()));
    }

    private GradientVarianceProbe probe(Vae vae, GradientEstimator estimator,
            RandomStream pixels, WorkerPool workers) {
        if (!ProbeSettings.enabled(config)) {
            return null;
        }
        int probeBatch = config.get(ProbeSettings.BATCH);
        String referenceId = config.get(ProbeSettings.REFERENCE);
        INDArray batch = Nd4j.create(DataType.FLOAT, probeBatch, data.pixels());
        binarisation.apply(data.train(), data.pixels(), null, 0, probeBatch,
                ElementView.of(batch), pixels);
        GradientEstimator reference;
        try {
            reference = Estimators.find(referenceId).create(EstimatorConfig.of(
                    architecture.latent(), architecture.dataWidth()));
        } catch (IllegalArgumentException e) {
            reference = null; // the latent space is too large to enumerate: variance only
        }
        if (reference != null
                && !reference.family().getClass().equals(estimator.family().getClass())) {
            reference = null; // a reference for another kind of latent (Gaussian, codebook)
        }
        int draws = 0;
        Supplier<GradientEstimator> noisyCopies = null;
        String noisy = config.get(ProbeSettings.NOISY_REFERENCE);
        if (reference == null && !noisy.isBlank()) {
            EstimatorSpec spec = EstimatorSpec.parse(noisy);
            Supplier<GradientEstimator> unbiased = () -> spec.provider().create(
                    new EstimatorConfig(architecture.latent(), architecture.dataWidth(),
                            DataType.FLOAT, config.seed(), spec.options()));
            GradientEstimator candidate = unbiased.get();
            if (candidate.family().getClass().equals(estimator.family().getClass())) {
                reference = candidate;
                referenceId = noisy;
                draws = config.get(ProbeSettings.REFERENCE_DRAWS);
                noisyCopies = unbiased;
            }
        }
        // Independent estimates side by side on the run's threads, each on a copy of the
        // model with a fresh estimator of the run's configuration (its state copied in).
        ProbeThreads threads = new ProbeThreads(workers, () -> estimator(config.estimator()),
                noisyCopies);
        return new GradientVarianceProbe(vae, batch, estimator, reference, referenceId,
                config.get(ProbeSettings.ESTIMATES), draws, threads);
    }

    /**
     * The first test image of each class, then the next ones, as seen by the model; their
     * reconstructions; and twice as many samples from the prior.
     */
    private RunImages images(Vae vae, BinarisedImages test, RandomStream rng) {
        int count = Math.min(RunImages.KEPT, test.count());
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

}

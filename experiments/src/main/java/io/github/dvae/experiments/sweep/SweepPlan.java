package io.github.dvae.experiments.sweep;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.DataFormatException;
import io.github.dvae.core.data.DataSource;
import io.github.dvae.core.data.DataSplit;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.experiments.basket.BasketAssignment;
import io.github.dvae.experiments.metric.IwBound;
import io.github.dvae.experiments.metric.IwBoundCurve;
import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.experiments.schedule.EvaluationSchedule;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.RunConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A sweep checked against what exists and expanded into runs: every estimator found and its
 * options validated by its provider (by building one estimator), temperatures expanded over the
 * estimators that declare {@code tau}, the architecture parsed, the data set loaded. Every run's
 * configuration is resolved (the provider's defaults filled in) and named by a run id that
 * depends on that configuration only, so the same sweep finds its runs again.
 *
 * @param definition the sweep as written
 * @param architecture the parsed architecture
 * @param binarisation how training images become binary pixels
 * @param split the data set, limited as asked, with its validation images (the last
 *     {@link SweepDefinition#validation()} of the whole training file, held out before the
 *     training limit applies); shared read-only by every run
 * @param runs one configuration per run: estimator configurations in the order written, seeds
 *     within each
 * @param biasReference whether the probe's reference estimator can serve this latent space (its
 *     bias is then measured)
 */
public record SweepPlan(SweepDefinition definition, VaeArchitecture architecture,
        Binarisation binarisation, DataSplit split, List<RunConfig> runs,
        boolean biasReference) {


    /** The option that {@code --tau} sets. */
    public static final String TEMPERATURE_OPTION = "tau";

    public SweepPlan {
        runs = List.copyOf(runs);
    }

    /**
     * Validates and expands {@code definition}, loading its data set.
     *
     * @throws InvalidSweepException naming the first bad value and what is allowed
     */
    public static SweepPlan prepare(SweepDefinition definition) {
        VaeArchitecture architecture = userValue(() -> VaeArchitecture.parse(
                definition.architecture()));
        Binarisation binarisation = userValue(() -> Binarisation.parse(
                definition.binarisation()));
        List<Configuration> configurations = new ArrayList<>();
        for (String text : definition.estimators()) {
            EstimatorSpec spec = userValue(() -> EstimatorSpec.parse(text));
            EstimatorProvider provider = userValue(() -> Estimators.find(spec.id()));
            for (EstimatorSpec expanded : expandTemperatures(spec, provider,
                    definition.temperatures())) {
                configurations.add(resolve(expanded, provider, architecture));
            }
        }
        if (definition.probeEvery() > 0 && !definition.probeNoisyReference().isBlank()) {
            EstimatorSpec noisy = userValue(() -> EstimatorSpec.parse(
                    definition.probeNoisyReference()));
            if (!userValue(() -> Estimators.find(noisy.id())).unbiased(noisy.options())) {
                throw new InvalidSweepException("probe-noisy-reference must be an unbiased "
                        + "estimator (its mean is the reference), got '" + noisy + "'");
            }
        }
        boolean bias = definition.probeEvery() > 0
                && referenceAvailable(definition.probeReference(), architecture);
        DataSplit split = load(definition);
        ImageDataset data = split.fitting();
        if (data.pixels() != architecture.dataWidth()) {
            throw new InvalidSweepException("architecture " + architecture + " reads "
                    + architecture.dataWidth() + " pixels but data set '" + definition.data()
                    + "' has " + data.pixels() + " per image");
        }
        if (data.testSize() == 0) {
            throw new InvalidSweepException("data set '" + definition.data() + "' has no test "
                    + "images; the test ELBO needs at least one");
        }
        if (definition.batchSize() > data.trainSize()) {
            throw new InvalidSweepException("batch-size " + definition.batchSize()
                    + " exceeds the " + data.trainSize() + " training images");
        }
        if (definition.probeEvery() > 0 && definition.probeBatch() > data.trainSize()) {
            throw new InvalidSweepException("probe-batch " + definition.probeBatch()
                    + " exceeds the " + data.trainSize() + " training images");
        }
        BasketAssignment basket = BasketAssignment.of(definition.basketOn(),
                definition.basketReference(),
                configurations.stream().map(Configuration::label).toList(), architecture);
        long perEpoch = data.trainSize() / definition.batchSize();
        long budget = definition.stepBudget() ? definition.steps()
                : perEpoch * definition.epochs();
        String evaluation = definition.evaluation().isEmpty()
                ? (definition.stepBudget() ? EvaluationSchedule.logarithmic(budget).toString()
                        : "")
                : userValue(() -> EvaluationSchedule.parse(definition.evaluation(), budget))
                        .toString();
        Map<String, RunConfig> runs = new LinkedHashMap<>();
        for (Configuration c : configurations) {
            if (definition.basket().equals("only") && !c.label().equals(basket.reference())) {
                continue; // measured in the reference runs' basket, not trained
            }
            for (long seed : definition.seeds()) {
                RunConfig config = basket.apply(settings(new RunConfig("", c.label(),
                        c.provider().id(), c.options(), c.provider().unbiased(c.options()), seed,
                        Map.of()), definition, architecture, binarisation, data, evaluation));
                String fingerprint = config.fingerprint();
                runs.putIfAbsent(fingerprint, config.withRunId(runId(c.label(), seed,
                        fingerprint)));
            }
        }
        return new SweepPlan(definition, architecture, binarisation, split,
                new ArrayList<>(runs.values()), bias);
    }

    /**
     * This plan with every run computed with {@code threads} BLAS threads: part of each run's
     * configuration (results depend on it), so part of its fingerprint and id.
     */
    public SweepPlan withBlasThreads(int threads) {
        List<RunConfig> threaded = new ArrayList<>();
        for (RunConfig r : runs) {
            RunConfig t = r.with(TrainingSettings.BLAS_THREADS, threads);
            threaded.add(t.withRunId(runId(t.label(), t.seed(), t.fingerprint())));
        }
        return new SweepPlan(definition, architecture, binarisation, split, threaded,
                biasReference);
    }

    /** The images runs train and are tested on (the validation images held out). */
    public ImageDataset data() {
        return split.fitting();
    }

    /** The labels of the plan's configurations, in order. */
    public List<String> configurations() {
        return runs.stream().map(RunConfig::label).distinct().toList();
    }

    /** Optimiser steps of one run: whole minibatches per epoch, times epochs. */
    public static long steps(RunConfig run) {
        return TrainingSettings.steps(run);
    }

    /**
     * {@code run} with every setting of the sweep that changes its numbers. The one place a new
     * setting is filled in.
     */
    private static RunConfig settings(RunConfig run, SweepDefinition d,
            VaeArchitecture architecture, Binarisation binarisation, ImageDataset data,
            String evaluation) {
        long perEpoch = data.trainSize() / d.batchSize();
        // Exactly one budget rules; with steps, epochs only counts the passes they begin.
        int epochs = d.stepBudget() ? (int) ((d.steps() + perEpoch - 1) / perEpoch) : d.epochs();
        RunConfig c = run.with(TrainingSettings.EPOCHS, epochs)
                .with(TrainingSettings.STEPS, d.steps())
                .with(TrainingSettings.EVALUATION, evaluation)
                .with(TrainingSettings.BATCH_SIZE, d.batchSize())
                .with(TrainingSettings.LEARNING_RATE, d.learningRate())
                .with(TrainingSettings.ARCHITECTURE, architecture.toString())
                .with(TrainingSettings.DATA, d.data())
                .with(TrainingSettings.DATA_SEED, d.dataSeed())
                .with(TrainingSettings.BINARISATION, binarisation.name().toLowerCase(Locale.ROOT))
                .with(TrainingSettings.TRAIN_EXAMPLES, data.trainSize())
                .with(TrainingSettings.TEST_EXAMPLES, data.testSize())
                .with(TrainingSettings.VALIDATION_EXAMPLES, d.validation())
                .with(ProbeSettings.EVERY, d.probeEvery())
                .with(IwBound.SAMPLES, d.iwSamples())
                .with(IwBoundCurve.EVERY, d.iwEvery());
        if (d.probeEvery() > 0) {
            c = c.with(ProbeSettings.ESTIMATES, d.probeEstimates())
                    .with(ProbeSettings.BATCH, d.probeBatch())
                    .with(ProbeSettings.REFERENCE, d.probeReference());
            if (!d.probeNoisyReference().isBlank() && !run.unbiased()) {
                c = c.with(ProbeSettings.NOISY_REFERENCE, d.probeNoisyReference())
                        .with(ProbeSettings.REFERENCE_DRAWS, d.probeReferenceDraws());
            }
        }
        return c;
    }

    private record Configuration(String label, EstimatorProvider provider,
            Map<String, String> options) {
    }

    private static List<EstimatorSpec> expandTemperatures(EstimatorSpec spec,
            EstimatorProvider provider, List<Double> temperatures) {
        boolean declares = provider.options().stream().map(EstimatorOption::name)
                .anyMatch(TEMPERATURE_OPTION::equals);
        if (!declares || spec.sets(TEMPERATURE_OPTION)) {
            return List.of(spec);
        }
        return temperatures.stream()
                .map(t -> spec.with(TEMPERATURE_OPTION, Double.toString(t))).toList();
    }

    private static Configuration resolve(EstimatorSpec spec, EstimatorProvider provider,
            VaeArchitecture architecture) {
        EstimatorConfig config = new EstimatorConfig(architecture.latent(),
                architecture.dataWidth(), DataType.FLOAT, 0L, spec.options());
        try {
            Map<String, String> resolved = EstimatorOptions.read(provider, config).resolved();
            provider.create(config); // the provider's own validation of every value, as written
            return new Configuration(canonical(spec, provider).toString(), provider,
                    canonical(resolved, provider));
        } catch (InvalidOptionException e) {
            throw new InvalidSweepException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidSweepException("estimator '" + spec + "' cannot run on "
                    + architecture + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code spec} with each value in its one spelling ({@link EstimatorOptions#canonical}), so
     * that {@code tau=0.50} and {@code tau=0.5} are one configuration, with one label and run id.
     */
    private static EstimatorSpec canonical(EstimatorSpec spec, EstimatorProvider provider) {
        EstimatorSpec out = spec;
        for (EstimatorOption o : provider.options()) {
            if (spec.sets(o.name())) {
                out = out.with(o.name(), EstimatorOptions.canonical(spec.options().get(o.name()),
                        o.defaultValue()));
            }
        }
        return out;
    }

    private static Map<String, String> canonical(Map<String, String> resolved,
            EstimatorProvider provider) {
        Map<String, String> out = new LinkedHashMap<>(resolved);
        for (EstimatorOption o : provider.options()) {
            out.computeIfPresent(o.name(), (k, v) -> EstimatorOptions.canonical(v,
                    o.defaultValue()));
        }
        return out;
    }

    private static boolean referenceAvailable(String id, VaeArchitecture architecture) {
        EstimatorProvider reference = userValue(() -> Estimators.find(id));
        try {
            reference.create(EstimatorConfig.of(architecture.latent(),
                    architecture.dataWidth()));
            return true;
        } catch (IllegalArgumentException e) {
            return false; // too large to enumerate, say: the probe then measures variance only
        }
    }

    private static DataSplit load(SweepDefinition definition) {
        DataSource source = userValue(() -> new DataSource(definition.data()));
        int trainLimit = definition.trainLimit() == 0 ? Integer.MAX_VALUE
                : definition.trainLimit();
        int testLimit = definition.testLimit() == 0 ? Integer.MAX_VALUE : definition.testLimit();
        try {
            return userValue(() -> split(source, definition.dataSeed(), definition.validation(),
                    trainLimit, testLimit));
        } catch (java.io.UncheckedIOException e) {
            throw new InvalidSweepException(e.getCause().getMessage(), e);
        }
    }

    /**
     * The images of a run: the last {@code validation} of the whole training file held out
     * (DisARM's train[50000:]), then at most {@code trainLimit} of the rest and {@code testLimit}
     * test images, so a training limit for a short run keeps the same validation set. The one
     * place a sweep and a remote task ({@code RunTask}) cut the data.
     *
     * @throws IllegalArgumentException if {@code validation} leaves no training image
     * @throws java.io.UncheckedIOException wrapping a {@link DataFormatException}
     */
    public static DataSplit split(DataSource source, long seed, int validation, int trainLimit,
            int testLimit) {
        try {
            if (validation == 0) {
                return DataSplit.holdOut(source.load(seed, trainLimit, testLimit), 0);
            }
            DataSplit split = DataSplit.holdOut(source.load(seed, Integer.MAX_VALUE, testLimit),
                    validation);
            return new DataSplit(split.fitting().limit(trainLimit, testLimit),
                    split.validation(), split.validationLabels());
        } catch (DataFormatException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException(e.getMessage(), e));
        }
    }

    /** The run id: readable label and seed, then the configuration's fingerprint. */
    static String runId(String label, long seed, String fingerprint) {
        return RunConfig.slug(label) + "-seed" + seed + "-" + fingerprint.substring(0, 8);
    }

    private static <T> T userValue(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidSweepException(e.getMessage(), e);
        }
    }
}

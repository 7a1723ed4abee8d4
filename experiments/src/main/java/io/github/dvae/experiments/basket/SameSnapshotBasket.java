package io.github.dvae.experiments.basket;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.experiments.metric.Metrics;
import io.github.dvae.experiments.metric.ProbeMetric;
import io.github.dvae.experiments.metric.RunContext;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.experiments.probe.ModelCopies;
import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.experiments.probe.ProbeThreads;
import io.github.dvae.reports.store.BasketRecord;
import io.github.dvae.reports.store.RunConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The same-snapshot variance basket of one reference run: at each of the run's probes, every
 * estimator configuration of the sweep ({@link BasketSettings}) draws M estimates on the run's
 * frozen parameters and the probe's fixed minibatch, through {@link GradientVarianceProbe} (so
 * every number has the probe's definition: log10 of the mean per-parameter variance, mean SNR,
 * bias against the probe's exact reference where it enumerates the latent space), plus the
 * median wall seconds of one estimate and the work-normalised variance (variance times those
 * seconds, as log10). One {@link BasketRecord} per configuration and probe, appended to the run's
 * {@code basket.jsonl}.
 *
 * <p>The run is not changed: estimates are drawn without updating any estimator's state (as the
 * probe draws them), the reference configuration uses the run's own estimator (its baselines and
 * surrogates as trained), every other configuration a fresh instance built once per run (an
 * estimator with learned state, RELAX's surrogate or a moving baseline, is measured at its
 * initial state), and the randomness is the run's stream of name {@code basket@<step>}, never
 * the training's or the probe's, so a run's own records are the same with the basket on or off.
 */
public final class SameSnapshotBasket {

    /** Median wall seconds of one estimate of the configuration, on the probe's minibatch. */
    public static final String SECONDS_PER_ESTIMATE = BasketRecord.SECONDS_PER_ESTIMATE;

    /** log10 of (mean per-parameter variance x seconds per estimate). */
    public static final String LOG10_WORK_VARIANCE = BasketRecord.LOG10_WORK_VARIANCE;

    /** A basket that measures nothing (a run that is not a basket's reference). */
    public static final SameSnapshotBasket NONE = new SameSnapshotBasket("", List.of(), null,
            "", 0);

    /**
     * @param estimator the configuration's own instance; null for the reference run's own
     * @param copies fresh instances of the configuration, one per drawing thread
     */
    private record Member(String label, String id, boolean unbiased, Map<String, String> options,
            GradientEstimator estimator, Supplier<GradientEstimator> copies) {
    }

    private final String own;
    private final List<Member> members;
    private final GradientEstimator reference;
    private final String referenceId;
    private final int estimates;
    private final List<ProbeMetric> metrics;
    /** Each configuration's probe, kept (with its threads' estimators) from point to point. */
    private final Map<String, GradientVarianceProbe> probes = new HashMap<>();
    /** The model's copies every configuration draws on, one per thread. */
    private ModelCopies copies;

    private SameSnapshotBasket(String own, List<Member> members, GradientEstimator reference,
            String referenceId, int estimates) {
        this.own = own;
        this.members = List.copyOf(members);
        this.reference = reference;
        this.referenceId = referenceId;
        this.estimates = estimates;
        this.metrics = members.isEmpty() ? List.of() : Metrics.discovered().stream()
                .filter(ProbeMetric.class::isInstance).map(ProbeMetric.class::cast).toList();
    }

    /**
     * The basket of run {@code config}: {@link #NONE} unless it is a basket's reference run.
     *
     * @param architecture the run's parsed architecture
     */
    public static SameSnapshotBasket of(RunConfig config, VaeArchitecture architecture) {
        List<String> labels = BasketSettings.estimators(config);
        if (labels.isEmpty() || !ProbeSettings.enabled(config)) {
            return NONE;
        }
        List<Member> members = new ArrayList<>();
        for (String label : labels) {
            EstimatorSpec spec = EstimatorSpec.parse(label);
            EstimatorProvider provider = Estimators.find(spec.id());
            EstimatorConfig c = new EstimatorConfig(architecture.latent(),
                    architecture.dataWidth(), DataType.FLOAT, config.seed(), spec.options());
            Map<String, String> options = EstimatorOptions.read(provider, c).resolved();
            members.add(new Member(label, spec.id(), provider.unbiased(options), options,
                    label.equals(config.label()) ? null : provider.create(c),
                    () -> provider.create(c)));
        }
        String referenceId = config.get(ProbeSettings.REFERENCE);
        return new SameSnapshotBasket(config.label(), members,
                exactReference(referenceId, architecture), referenceId,
                config.get(ProbeSettings.ESTIMATES));
    }

    /** The configurations measured, in order; empty for {@link #NONE}. */
    public List<String> estimators() {
        return members.stream().map(Member::label).toList();
    }

    /** Where a run keeps its basket records (its writer, and its checkpoint's list). */
    @FunctionalInterface
    public interface Records {
        /** Keeps {@code record}. */
        void add(BasketRecord record) throws IOException;
    }

    /**
     * Measures every configuration at the run's point and gives the records to {@code out};
     * does nothing for {@link #NONE}.
     *
     * @param run the reference run at one of its probes
     * @param batch the probe's fixed minibatch
     * @param workers the run's threads, on which each configuration's estimates are drawn
     */
    public void measure(RunContext run, INDArray batch, WorkerPool workers, Records out)
            throws IOException {
        if (members.isEmpty()) {
            return;
        }
        // Named by the step, not drawn from a stream that advances: a run resumed from a
        // checkpoint measures the same basket at its later probes.
        RandomStream rng = run.stream("basket@" + run.step());
        for (BasketRecord r : measure(run.model(), batch, run.estimator(), rng, run.epoch(),
                run.step(), workers)) {
            out.add(r);
        }
    }

    /**
     * The records of every configuration at the model's present parameters, configuration
     * {@code i} drawing from the {@code i}-th stream split off {@code rng}; the numbers are the
     * same on any number of {@code workers}.
     *
     * @param ownEstimator the reference run's estimator, used for its own configuration
     */
    public List<BasketRecord> measure(Vae model, INDArray batch, GradientEstimator ownEstimator,
            RandomStream rng, int epoch, long step, WorkerPool workers) {
        double[] exact = exactGradient(model, batch, ownEstimator);
        if (copies == null || copies.workers() != workers) {
            copies = new ModelCopies(workers);
            probes.clear();
        }
        List<BasketRecord> out = new ArrayList<>(members.size());
        for (Member m : members) {
            RandomStream stream = rng.split();
            GradientEstimator estimator = m.estimator() == null ? ownEstimator : m.estimator();
            GradientVarianceProbe probe = probes.get(m.label());
            if (probe == null || probe.model() != model || probe.batch() != batch
                    || probe.estimator() != estimator) {
                probe = new GradientVarianceProbe(model, batch, estimator, null, "", estimates,
                        0, new ProbeThreads(copies, m.copies(), null));
                probes.put(m.label(), probe);
            }
            out.add(new BasketRecord(epoch, step, m.label(), m.id(), m.unbiased(), m.options(),
                    values(probe, exact, stream)));
        }
        return out;
    }

    /**
     * The exact gradient of the encoder's parameters on {@code batch}, computed once per point
     * and shared by every configuration; null where the reference cannot serve these latents.
     */
    double[] exactGradient(Vae model, INDArray batch, GradientEstimator family) {
        if (reference == null
                || !reference.family().getClass().equals(family.family().getClass())) {
            return null;
        }
        // Enumeration is deterministic: the stream is not used for anything that matters.
        return new GradientVarianceProbe(model, batch, reference, null, "", estimates)
                .draw(reference, RandomStream.of(0)).parameters();
    }

    /**
     * What the basket records of {@code probe}'s estimator: its measurement with {@code rng} as
     * the probe's stream (the numbers the run's own probe, with the exact reference, gives from
     * that stream), each probe metric under its name, and the cost (with estimates drawn side by
     * side, a wave's wall time shared by its estimates).
     *
     * @param exact the exact gradient of the encoder's parameters, or null for no bias
     */
    Map<String, Double> values(GradientVarianceProbe probe, double[] exact, RandomStream rng) {
        double[] seconds = new double[estimates];
        int[] drawn = {0};
        GradientVarianceProbe.Measurement variance = probe.measure(rng, false,
                s -> seconds[drawn[0]++] = s);
        GradientVarianceProbe.Measurement measured = exact == null ? variance
                : new GradientVarianceProbe.Measurement(variance.estimates(),
                        variance.batchSize(), variance.moments(), referenceId,
                        GradientComparison.of(variance.moments().parameters(), exact),
                        variance.seconds());
        Map<String, Double> values = new TreeMap<>();
        for (ProbeMetric metric : metrics) {
            metric.from(measured).ifPresent(v -> values.put(metric.spec().name(), v));
        }
        double perEstimate = median(seconds);
        values.put(SECONDS_PER_ESTIMATE, perEstimate);
        values.put(LOG10_WORK_VARIANCE, measured.moments().log10Variance()
                + Math.log10(perEstimate));
        return values;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /**
     * The probe's reference estimator when it can serve these latents (an exact enumeration is
     * deterministic: one draw is the gradient); null when it cannot, and then no bias is
     * recorded. The basket never estimates a noisy reference: its bias is against the exact
     * gradient only.
     */
    private static GradientEstimator exactReference(String id, VaeArchitecture architecture) {
        try {
            return Estimators.find(id).create(EstimatorConfig.of(architecture.latent(),
                    architecture.dataWidth()));
        } catch (IllegalArgumentException e) {
            return null; // too large to enumerate
        }
    }
}

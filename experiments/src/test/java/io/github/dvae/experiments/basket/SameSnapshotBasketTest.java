package io.github.dvae.experiments.basket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.metric.BiasCosine;
import io.github.dvae.experiments.metric.BiasRelativeError;
import io.github.dvae.experiments.metric.GradientLog10Variance;
import io.github.dvae.experiments.metric.LogitLog10Variance;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.experiments.progress.SweepProgress;
import io.github.dvae.experiments.sweep.InvalidSweepException;
import io.github.dvae.experiments.sweep.SweepDefinition;
import io.github.dvae.experiments.sweep.SweepPlan;
import io.github.dvae.experiments.sweep.SweepRunner;
import io.github.dvae.reports.html.HtmlReport;
import io.github.dvae.reports.store.BasketRecord;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.StoredRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SameSnapshotBasketTest {

    /** 3 variables of 3 classes: 27 configurations, so the exact gradient enumerates. */
    private static final String ARCHITECTURE = "784-32-(3x3)-32-784";
    private static final List<String> ESTIMATORS = List.of("gumbel-softmax",
            "reinforce:baseline=loo,samples=2");
    private static final int ESTIMATES = 12;

    @TempDir
    Path dir;

    private static SweepDefinition sweep(String basket, String reference, Path output) {
        return new SweepDefinition(ESTIMATORS, List.of(0.5), List.of(1L), 2, 0, "", 0, 50,
                1e-3, ARCHITECTURE, "synthetic", 0, "dynamic", 100, 40, 1, ESTIMATES, 20,
                "exact", "", 2, 0, 0, output, 1, basket, reference);
    }

    private static RunConfig reference(SweepPlan plan) {
        List<RunConfig> refs = plan.runs().stream()
                .filter(r -> !BasketSettings.estimators(r).isEmpty()).toList();
        assertEquals(1, refs.size(), "one reference run per configuration (one seed here)");
        return refs.get(0);
    }

    private static GradientEstimator create(String label, VaeArchitecture a, long seed) {
        EstimatorSpec spec = EstimatorSpec.parse(label);
        return Estimators.find(spec.id()).create(new EstimatorConfig(a.latent(), a.dataWidth(),
                DataType.FLOAT, seed, spec.options()));
    }

    @Test
    void eachConfigurationsNumbersAreTheProbesOnTheSameSnapshotAndStream() {
        SweepPlan plan = SweepPlan.prepare(sweep("on", "", dir));
        RunConfig config = reference(plan);
        assertEquals("gumbel-softmax:tau=0.5", config.label(), "default: the first");
        VaeArchitecture a = plan.architecture();
        SameSnapshotBasket basket = SameSnapshotBasket.of(config, a);
        assertEquals(List.of("gumbel-softmax:tau=0.5", "reinforce:baseline=loo,samples=2"),
                basket.estimators());
        GradientEstimator own = create(config.label(), a, 1);
        Vae vae = new Vae(a, own, Adam.Settings.of(1e-3), DataType.FLOAT, RandomStream.of(3),
                WorkerPool.SERIAL);
        INDArray batch = Nd4j.create(DataType.FLOAT, 20, 784);
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 784; j++) {
                batch.putScalar(i, j, (i * 7 + j * 13) % 3 == 0 ? 1f : 0f);
            }
        }
        // Drawn two at a time on two threads; the probe below draws one at a time on one.
        List<BasketRecord> records;
        try (WorkerPool two = new WorkerPool(2)) {
            records = basket.measure(vae, batch, own, RandomStream.of(11), 0, 0, two);
        }
        assertEquals(2, records.size());

        GradientEstimator exact = Estimators.find("exact").create(EstimatorConfig.of(a.latent(),
                a.dataWidth()));
        RandomStream streams = RandomStream.of(11);
        GradientEstimator[] probed = {own, create(ESTIMATORS.get(1), a, 1)};
        for (int i = 0; i < 2; i++) {
            GradientVarianceProbe.Measurement probe = new GradientVarianceProbe(vae, batch,
                    probed[i], exact, "exact", ESTIMATES).measure(streams.split());
            BasketRecord r = records.get(i);
            assertEquals(probe.moments().log10Variance(), r.value(GradientLog10Variance.NAME),
                    0.0, r.estimator());
            assertEquals(probe.moments().logitLog10Variance(),
                    r.value(LogitLog10Variance.NAME), 0.0);
            assertEquals(probe.bias().relativeError(), r.value(BiasRelativeError.NAME), 0.0);
            assertEquals(probe.bias().cosine(), r.value(BiasCosine.NAME), 0.0);
            double seconds = r.value(SameSnapshotBasket.SECONDS_PER_ESTIMATE);
            assertTrue(seconds > 0 && seconds < 5, "seconds per estimate " + seconds);
            assertEquals(r.value(GradientLog10Variance.NAME) + Math.log10(seconds),
                    r.value(SameSnapshotBasket.LOG10_WORK_VARIANCE), 1e-12);
        }
        assertTrue(records.get(1).unbiased() && !records.get(0).unbiased());
        assertEquals(0.5, records.get(0).temperature());
        assertTrue(Double.isNaN(records.get(1).temperature()));
        // The two estimators differ on this snapshot: the comparison is not of one thing twice.
        assertTrue(Math.abs(records.get(0).value(GradientLog10Variance.NAME)
                - records.get(1).value(GradientLog10Variance.NAME)) > 1e-3);
    }

    @Test
    void theBasketLeavesTheReferenceRunsRecordsAsTheyAreAndIsCoveredByTheSummary()
            throws Exception {
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        SweepPlan basketPlan = SweepPlan.prepare(sweep("on", "", with));
        SweepPlan plainPlan = SweepPlan.prepare(sweep("off", "", without));
        run(basketPlan, with);
        run(plainPlan, without);
        RunConfig ref = reference(basketPlan);
        RunConfig plainRef = plainPlan.runs().stream()
                .filter(r -> r.label().equals(ref.label())).findFirst().orElseThrow();
        StoredRun a = ResultsStore.at(with).read(ref.runId());
        StoredRun b = ResultsStore.at(without).read(plainRef.runId());
        assertTrue(a.complete() && b.complete());
        Set<String> timings = a.metrics().stream().filter(m -> m.unit().equals("seconds"))
                .map(MetricSpec::name).collect(Collectors.toSet());
        assertFalse(timings.isEmpty(), "step-seconds is a timing");
        assertEquals(3, a.probes().size(), "before training and after each of 2 epochs");
        for (int i = 0; i < a.epochs().size(); i++) {
            assertEquals(untimed(b.epochs().get(i).values(), timings),
                    untimed(a.epochs().get(i).values(), timings), "epoch " + (i + 1));
        }
        for (int i = 0; i < a.probes().size(); i++) {
            assertEquals(untimed(b.probes().get(i).values(), timings),
                    untimed(a.probes().get(i).values(), timings), "probe " + i);
        }
        assertTrue(b.basket().isEmpty());
        assertEquals(2 * a.probes().size(), a.basket().size(), "each estimator at each probe");
        for (int i = 0; i < a.probes().size(); i++) {
            assertEquals(a.probes().get(i).step(), a.basket().get(2 * i).step());
            assertEquals(a.probes().get(i).step(), a.basket().get(2 * i + 1).step());
        }
        // The other configuration trains without a basket, under the same run id either way.
        RunConfig other = basketPlan.runs().stream().filter(r -> r != ref).findFirst()
                .orElseThrow();
        assertTrue(plainPlan.runs().stream().anyMatch(r -> r.runId().equals(other.runId())));
        assertTrue(ResultsStore.at(with).read(other.runId()).basket().isEmpty());

        Path report = HtmlReport.write(ResultsStore.at(with), with.resolve("report"));
        String html = Files.readString(report);
        assertTrue(html.contains("Same-snapshot variance basket"), html);
        String stem = "basket-" + RunConfig.slug(ref.label());
        for (String ext : List.of(".svg", ".png", ".csv", "-table.csv")) {
            assertTrue(Files.size(with.resolve("report").resolve(stem + ext)) > 0, stem + ext);
        }
        List<String> rows = Files.readAllLines(with.resolve("report").resolve(stem
                + "-table.csv"));
        assertEquals(3, rows.size(), "a header and one row per estimator: " + rows);
        // the last probe is at step 4 (2 epochs of 2 steps): the table names the step
        assertTrue(rows.get(1).startsWith("gumbel-softmax:tau=0.5,false,4,1,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"reinforce:baseline=loo,samples=2\",true,4,1,"),
                rows.get(2));
        assertEquals(2, html.split("<table class=\"basket\"")[1].split("</table>")[0]
                .split("<tr><td>").length - 1, "two table rows");

        Files.writeString(ResultsStore.at(with).runDirectory(ref.runId()).resolve(
                "basket.jsonl"), "{}\n", StandardOpenOption.APPEND);
        assertEquals(RunState.DAMAGED, ResultsStore.at(with).state(ref.runId()),
                "basket.jsonl is in the summary's SHA list");
    }

    @Test
    void onlyTrainsTheReferenceRunsAndTheReferenceIsMatchedBySpec() throws Exception {
        SweepPlan only = SweepPlan.prepare(sweep("only", "reinforce:samples=2,baseline=loo",
                dir));
        assertEquals(1, only.runs().size());
        assertEquals("reinforce:baseline=loo,samples=2", reference(only).label());
        assertEquals(List.of("gumbel-softmax:tau=0.5", "reinforce:baseline=loo,samples=2"),
                BasketSettings.estimators(only.runs().get(0)));
        assertTrue(BasketAssignment.matches("gumbel-softmax:tau=0.50", "gumbel-softmax:tau=0.5"));
        assertTrue(BasketAssignment.matches("gumbel-softmax", "gumbel-softmax:tau=0.5"));
        assertFalse(BasketAssignment.matches("gumbel-softmax:tau=1", "gumbel-softmax:tau=0.5"));
        InvalidSweepException none = assertThrows(InvalidSweepException.class,
                () -> SweepPlan.prepare(sweep("on", "rebar", dir)));
        assertEquals("basket-reference 'rebar' is none of the sweep's configurations: "
                + "gumbel-softmax:tau=0.5, reinforce:baseline=loo,samples=2", none.getMessage());
        InvalidSweepException mode = assertThrows(InvalidSweepException.class,
                () -> sweep("yes", "", dir));
        assertEquals("basket must be one of [off, on, only], got 'yes'", mode.getMessage());
        InvalidSweepException noProbe = assertThrows(InvalidSweepException.class,
                () -> new SweepDefinition(ESTIMATORS, List.of(0.5), List.of(1L), 1, 0, "", 0, 50,
                        1e-3, ARCHITECTURE, "synthetic", 0, "dynamic", 100, 40, 0, ESTIMATES, 20,
                        "exact", "", 2, 0, 0, dir, 1, "on", ""));
        assertEquals("basket needs the variance probe: probe-every must be >= 1 with basket "
                + "on, got 0", noProbe.getMessage());
    }

    private static Map<String, Double> untimed(Map<String, Double> values, Set<String> timings) {
        Map<String, Double> out = new TreeMap<>(values);
        out.keySet().removeAll(timings);
        return out;
    }

    private static void run(SweepPlan plan, Path store) throws InterruptedException {
        StringWriter log = new StringWriter();
        SweepRunner.Outcome outcome = new SweepRunner(plan, ResultsStore.at(store), 1, 1,
                EnvironmentCapture.read(), new SweepProgress(new PrintWriter(log, true), false))
                .run();
        assertEquals(plan.runs().size(), outcome.trained(), log.toString());
    }
}

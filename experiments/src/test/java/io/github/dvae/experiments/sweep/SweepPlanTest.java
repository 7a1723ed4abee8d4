package io.github.dvae.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.data.DataSource;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.Estimators;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private static final Path OUT = Path.of("unused");

    private static SweepDefinition definition(List<String> estimators, List<Double> taus,
            String architecture, int probeEvery) {
        return new SweepDefinition(estimators, taus, List.of(1L, 2L), 1, 50, 1e-3, architecture,
                "synthetic", 0, "dynamic", 200, 100, probeEvery, 10, 20, "exact", "", 2, 0, OUT,
                1);
    }

    @Test
    void temperaturesExpandOnlyOverEstimatorsThatDeclareTauAndDoNotSetIt() {
        SweepPlan plan = SweepPlan.prepare(definition(List.of("reinforce", "gumbel-softmax",
                "st-gumbel-softmax:tau=2.0"), List.of(0.5, 1.0), "small", 0));
        assertEquals(List.of("reinforce", "gumbel-softmax:tau=0.5", "gumbel-softmax:tau=1.0",
                "st-gumbel-softmax:tau=2.0"), plan.configurations());
        assertEquals(8, plan.runs().size(), "4 configurations x 2 seeds");
        assertEquals(List.of(1L, 2L), plan.runs().stream().filter(r -> r.label().equals(
                "reinforce")).map(RunConfig::seed).toList());
    }

    @Test
    void everyOptionIsResolvedWithTheProvidersDefaults() {
        SweepPlan plan = SweepPlan.prepare(definition(List.of("reinforce:samples=2"),
                List.of(1.0), "small", 0));
        RunConfig run = plan.runs().get(0);
        Map<String, String> expected = new java.util.HashMap<>();
        for (EstimatorOption o : Estimators.find("reinforce").options()) {
            expected.put(o.name(), o.defaultValue());
        }
        expected.put("samples", "2");
        assertEquals(expected, run.options());
        assertTrue(run.unbiased());
        assertEquals("784-200-(20x10)-200-784", run.get(TrainingSettings.ARCHITECTURE));
        assertEquals(200, run.get(TrainingSettings.TRAIN_EXAMPLES));
        assertEquals(100, run.get(TrainingSettings.TEST_EXAMPLES));
        assertFalse(ProbeSettings.enabled(run));
        assertEquals(Map.of("epochs", "1", "batch-size", "50", "learning-rate", "0.001",
                "architecture", "784-200-(20x10)-200-784", "data", "synthetic", "data-seed", "0",
                "binarisation", "dynamic", "train-examples", "200", "test-examples", "100"),
                new java.util.HashMap<>(run.settings()),
                "every setting that changes numbers, the probe and the bound off (neutral)");
    }

    @Test
    void runIdsAreReadableStableAndUniquePerConfiguration() {
        SweepDefinition d = definition(List.of("gumbel-softmax"), List.of(0.5), "small", 0);
        List<RunConfig> first = SweepPlan.prepare(d).runs();
        List<RunConfig> again = SweepPlan.prepare(d).runs();
        assertEquals(first, again, "the same sweep finds the same run ids");
        assertTrue(first.get(0).runId().startsWith("gumbel-softmax-tau-0.5-seed1-"),
                first.get(0).runId());
        assertNotEquals(first.get(0).runId(), first.get(1).runId());
        SweepDefinition moreEpochs = new SweepDefinition(d.estimators(), d.temperatures(),
                d.seeds(), 2, d.batchSize(), d.learningRate(), d.architecture(), d.data(),
                d.dataSeed(), d.binarisation(), d.trainLimit(), d.testLimit(), d.probeEvery(),
                d.probeEstimates(), d.probeBatch(), d.probeReference(), d.probeNoisyReference(),
                d.probeReferenceDraws(), d.iwSamples(),
                d.output(), d.jobs());
        assertNotEquals(first.get(0).runId(), SweepPlan.prepare(moreEpochs).runs().get(0).runId(),
                "another setting is another run");
    }

    @Test
    void aLimitedSyntheticSetIsTheFirstImagesOfTheFullOne() {
        ImageDataset limited = SweepPlan.prepare(definition(List.of("reinforce"), List.of(1.0),
                "small", 0)).data();
        ImageDataset full = new DataSource("synthetic").load(0).limit(200, 100);
        assertArrayEquals(full.train(), limited.train());
        assertArrayEquals(full.trainLabels(), limited.trainLabels());
        assertArrayEquals(full.test(), limited.test());
        assertArrayEquals(full.testLabels(), limited.testLabels());
    }

    @Test
    void aConfigurationWrittenTwiceRunsOnce() {
        SweepPlan plan = SweepPlan.prepare(definition(List.of("gumbel-softmax",
                "gumbel-softmax:tau=1.0"), List.of(1.0), "small", 0));
        assertEquals(List.of("gumbel-softmax:tau=1.0"), plan.configurations());
        assertEquals(2, plan.runs().size());
    }

    @Test
    void biasIsMeasuredOnlyWhenTheReferenceCanEnumerateTheLatentSpace() {
        assertTrue(SweepPlan.prepare(definition(List.of("reinforce"), List.of(1.0),
                "784-16-(3x4)-16-784", 1)).biasReference());
        assertFalse(SweepPlan.prepare(definition(List.of("reinforce"), List.of(1.0), "small", 1))
                .biasReference(), "10^20 configurations");
    }

    /** NVIL's normalisation rescales the gradient: the run records the option set's claim. */
    @Test
    void unbiasednessIsRecordedForTheOptionsGiven() {
        SweepPlan plan = SweepPlan.prepare(definition(List.of("reinforce:baseline=learned",
                "reinforce:baseline=learned,normalise=true", "gumbel-softmax"), List.of(1.0),
                "small", 0));
        Map<String, Boolean> unbiased = new java.util.HashMap<>();
        plan.runs().forEach(r -> unbiased.put(r.label(), r.unbiased()));
        assertEquals(Map.of("reinforce:baseline=learned", true,
                "reinforce:baseline=learned,normalise=true", false,
                "gumbel-softmax:tau=1.0", false), unbiased);
    }

    @Test
    void anEstimatorIsRefusedALatentKindItDoesNotServe() {
        InvalidSweepException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidSweepException.class, () -> SweepPlan.prepare(definition(
                        List.of("vq"), List.of(1.0), "784-16-(8b)-16-784", 0)));
        assertTrue(e.getMessage().contains("bernoulli"), e.getMessage());
        SweepPlan plan = SweepPlan.prepare(definition(List.of("exact"), List.of(1.0),
                "784-16-(8b)-16-784", 1));
        assertEquals("784-16-(8b)-16-784",
                plan.runs().get(0).get(TrainingSettings.ARCHITECTURE));
        assertTrue(plan.biasReference(), "2^8 configurations");
    }
}

package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget in optimiser steps: it rules over epochs, its records are at the evaluation
 * schedule's steps (log-spaced by default), the probe follows that schedule, and an epoch budget
 * with the same steps evaluated at the end of each epoch trains the same trajectory.
 */
class StepBudgetTest {

    @TempDir
    Path dir;

    private static final List<String> TINY = List.of("--estimator", "reinforce", "--seeds", "1",
            "--train-limit", "200", "--test-limit", "50", "--batch-size", "50",
            "--architecture", "784-16-(3x4)-16-784", "--probe-estimates", "4",
            "--probe-batch", "10", "--images", "2", "--jobs", "1");

    private static StoredRun only(Path store) throws Exception {
        List<StoredRun> runs = ResultsStore.at(store).runs();
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).complete());
        return runs.get(0);
    }

    private static CliRun run(Path store, String... extra) {
        List<String> argv = new java.util.ArrayList<>(TINY);
        argv.addAll(List.of(extra));
        argv.addAll(List.of("--output", store.toString()));
        return CliRun.of(argv.toArray(String[]::new));
    }

    /** Probes within one epoch (a step budget below it) are separate points of the basket. */
    @Test
    void theBasketReportKeepsEveryProbeStepWithinAnEpochApart() throws Exception {
        Path store = dir.resolve("basket");
        CliRun cli = run(store, "--steps", "3", "--evaluation", "1,3", "--basket", "only",
                "--estimator", "st-gumbel-softmax");
        assertEquals(0, cli.code(), cli.err());
        assertEquals(3, only(store).basket().stream().map(b -> b.step()).distinct().count(),
                "probes before training, at step 1 and at step 3, all in epoch 0");
        Path csv;
        try (var files = Files.list(store.resolve("report"))) {
            csv = files.filter(f -> f.getFileName().toString().matches("basket-.*(?<!table)\\.csv"))
                    .findFirst().orElseThrow();
        }
        List<String> rows = Files.readAllLines(csv);
        assertEquals("estimator,step,mean,lower 95%,upper 95%,n", rows.get(0));
        List<String> reinforce = rows.stream().filter(r -> r.startsWith("reinforce,")).toList();
        assertEquals(List.of("0.0", "1.0", "3.0"),
                reinforce.stream().map(r -> r.split(",")[1]).toList(), String.join("\n", rows));
        assertTrue(reinforce.stream().allMatch(r -> r.endsWith(",1")), "one seed per point");
    }

    @Test
    void stepsRuleOverEpochsAndRecordAtTheLogScheduleWithTheProbeOnIt() throws Exception {
        Path store = dir.resolve("log");
        CliRun cli = run(store, "--epochs", "9", "--steps", "10", "--evaluation", "log:4");
        assertEquals(ExitCode.OK, cli.code(), cli.out() + cli.err());
        assertTrue(cli.out().contains("10 steps (4 per epoch), evaluated at log:4"), cli.out());

        StoredRun r = only(store);
        assertEquals(10L, r.config().get(TrainingSettings.STEPS));
        assertEquals(3, r.config().get(TrainingSettings.EPOCHS), "the passes 10 steps begin");
        assertEquals(10L, r.summary().steps());
        // log:4 over 10 steps: exp(ln(10) i / 3) rounded = 1, 2, 5, 10.
        assertEquals(List.of(1L, 2L, 5L, 10L), r.epochs().stream().map(EpochRecord::step)
                .toList());
        assertEquals(List.of(0, 0, 1, 2), r.epochs().stream().map(EpochRecord::epoch)
                .toList(), "whole epochs done at each point");
        assertEquals(List.of(0L, 1L, 2L, 5L, 10L), r.probes().stream().map(ProbeRecord::step)
                .toList(), "the probe before training and at every evaluation point");
        for (EpochRecord e : r.epochs()) {
            assertTrue(Double.isFinite(e.value("test-elbo")), e.toString());
            assertTrue(Double.isFinite(e.value("train-elbo")), e.toString());
        }
        assertTrue(Files.exists(store.resolve("report/index.html")));
    }

    @Test
    void anEpochBudgetAndItsStepsEvaluatedPerEpochTrainTheSameTrajectory() throws Exception {
        Path epochs = dir.resolve("epochs");
        Path steps = dir.resolve("steps");
        assertEquals(ExitCode.OK, run(epochs, "--epochs", "2", "--probe-every", "0").code());
        CliRun s = run(steps, "--steps", "8", "--evaluation", "every:4", "--probe-every", "0");
        assertEquals(ExitCode.OK, s.code(), s.err());

        StoredRun a = only(epochs);
        StoredRun b = only(steps);
        assertEquals(2, a.epochs().size());
        assertEquals(2, b.epochs().size());
        for (int i = 0; i < 2; i++) {
            EpochRecord x = a.epochs().get(i);
            EpochRecord y = b.epochs().get(i);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.step(), y.step());
            // The train ELBO is the running mean since the previous point: here, the epoch.
            assertEquals(x.value("train-elbo"), y.value("train-elbo"), 0.0);
            assertEquals(x.value("test-elbo"), y.value("test-elbo"), 0.0);
        }
        assertTrue(!a.config().runId().equals(b.config().runId()),
                "the budget's form is part of the configuration");
    }

    @Test
    void validationHoldsTheLastTrainingImagesOutAndIsScoredAtEveryPoint() throws Exception {
        Path store = dir.resolve("validation");
        CliRun cli = run(store, "--steps", "6", "--evaluation", "3,6", "--probe-every", "0",
                "--validation", "500");
        assertEquals(ExitCode.OK, cli.code(), cli.out() + cli.err());

        StoredRun r = only(store);
        assertEquals(500, r.config().get(TrainingSettings.VALIDATION_EXAMPLES));
        assertEquals(200, r.config().get(TrainingSettings.TRAIN_EXAMPLES),
                "the training limit applies to what the validation set leaves");
        assertEquals(2, r.epochs().size());
        for (EpochRecord e : r.epochs()) {
            double validation = e.value("validation-elbo");
            assertTrue(Double.isFinite(validation) && validation < 0, e.toString());
            assertTrue(validation != e.value("test-elbo"), "other images, another number");
        }
        assertTrue(r.metric("validation-elbo").isPresent());

        Path none = dir.resolve("none");
        assertEquals(ExitCode.OK, run(none, "--steps", "6", "--evaluation", "3,6",
                "--probe-every", "0").code());
        StoredRun plain = only(none);
        assertTrue(plain.metric("validation-elbo").isEmpty(), "no split, no metric");
        assertEquals(r.epochs().get(1).value("test-elbo"),
                plain.epochs().get(1).value("test-elbo"), 0.0,
                "holding out images the limit already left out changes no other number");
    }

    @Test
    void theIwBoundFollowsEveryNthPointAndTheLastWhenAsked() throws Exception {
        Path store = dir.resolve("iw");
        CliRun cli = run(store, "--steps", "6", "--evaluation", "2,4,6", "--probe-every", "0",
                "--iw-samples", "5", "--iw-every", "2");
        assertEquals(ExitCode.OK, cli.code(), cli.out() + cli.err());

        StoredRun r = only(store);
        List<EpochRecord> points = r.epochs();
        assertTrue(Double.isNaN(points.get(0).value("iw-bound-curve")), "point 1 of every 2nd");
        for (EpochRecord e : points.subList(1, 3)) {
            double bound = e.value("iw-bound-curve");
            assertTrue(Double.isFinite(bound), e.toString());
            assertTrue(bound >= e.value("test-elbo"), "K = 5 lies above the 1-sample ELBO: "
                    + bound + " vs " + e.value("test-elbo"));
        }
        assertTrue(Double.isFinite(r.summary().value("iw-bound")), "and once after training");
    }
}

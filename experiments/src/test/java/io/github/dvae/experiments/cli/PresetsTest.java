package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.metric.TestElbo;
import io.github.dvae.experiments.preset.Preset;
import io.github.dvae.experiments.preset.Presets;
import io.github.dvae.experiments.sweep.SweepDefinition;
import io.github.dvae.experiments.sweep.SweepPlan;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ResultsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped presets: they parse, plan, run for a handful of steps, and yield to the command line. */
class PresetsTest {

    @TempDir
    Path dir;

    static List<String> sweepPresets() {
        return Presets.all().stream().filter(p -> p.command().equals("sweep"))
                .map(Preset::name).toList();
    }

    private static SweepDefinition parse(String... args) {
        return CliRun.definition(args);
    }

    @Test
    void theIssuesPresetsAreShippedEachWithItsSourceAndBudget() {
        assertEquals(List.of("disarm-linear", "disarm-nonlinear", "categorical-nonlinear",
                "jang-categorical", "seed", "temperature", "toy"), Presets.names());
        for (Preset p : Presets.all()) {
            assertTrue(p.source().length() > 20, p.name());
            assertTrue(p.budget().length() > 10, p.name());
            assertTrue(!p.unverified().isEmpty(), p.name() + " says what it could not verify");
            assertTrue(!p.options().isEmpty(), p.name());
        }
    }

    @Test
    void aPresetSetsThePapersValuesAndTheCommandLineWins() {
        SweepDefinition d = parse("--preset", "disarm-nonlinear", "--steps", "2000");
        assertEquals(2000, d.steps(), "the command line wins");
        assertEquals(50, d.batchSize());
        assertEquals(1e-4, d.learningRate());
        assertEquals("disarm-nonlinear", d.architecture());
        assertEquals("fashion-mnist", d.data());
        assertEquals(10_000, d.validation(), "DisARM's train[50000:]");
        assertEquals(0, d.trainLimit(), "the validation split leaves DisARM's 50,000");
        assertEquals("every:1000", d.evaluation());
        assertEquals(100, d.iwSamples());
        assertEquals(List.of("reinforce:baseline=loo,samples=2", "arm", "disarm", "relax",
                "gumbel-softmax", "st-gumbel-softmax"), d.estimators());
        assertEquals(1_000_000, parse("--preset", "disarm-nonlinear").steps(),
                "the launcher's num_steps");
        assertEquals(1_000_000, parse("--preset", "categorical-nonlinear").steps());
        assertEquals(50_000, parse("--preset", "jang-categorical").steps(), "NUM_ITERS");
        assertEquals(1_000_000, parse("--preset", "disarm-linear", "--epochs", "2").steps(),
                "a step budget in the preset rules over --epochs");
        assertEquals(0, parse("--preset", "seed").steps(), "no paper: the seed's 5 epochs");
    }

    @Test
    void aSweepFileWinsOverThePresetItStartsFrom() throws Exception {
        Path file = Files.writeString(dir.resolve("variant.json"), """
                {"_source": "copied from disarm-linear", "batch-size": 25}
                """);
        SweepDefinition d = parse("--preset", "disarm-linear", "--sweep-file", file.toString());
        assertEquals(25, d.batchSize());
        assertEquals("disarm-linear", d.architecture());
    }

    /**
     * Every sweep preset's estimators, architecture and temperatures plan (synthetic data, a
     * preset's validation split cut to 100 of its 10,000 images).
     */
    @ParameterizedTest
    @MethodSource("sweepPresets")
    void everySweepPresetPlans(String name) {
        SweepDefinition d = parse("--preset", name, "--data", "synthetic", "--train-limit",
                "200", "--test-limit", "20", "--validation",
                parse("--preset", name).validation() > 0 ? "100" : "0");
        SweepPlan plan = SweepPlan.prepare(d);
        // With basket 'only', one configuration trains and the others are measured in its basket.
        int trained = d.basket().equals("only") ? 1 : d.estimators().size();
        assertTrue(plan.runs().size() >= trained * d.seeds().size(), name);
    }

    /**
     * Every sweep preset runs: each of its estimators for two steps on 100 synthetic images
     * (one temperature, one seed), so the preset's architecture and estimator specs train; a
     * preset's validation split is cut to 100 images of the synthetic set.
     */
    @ParameterizedTest
    @MethodSource("sweepPresets")
    void everySweepPresetRunsForAHandfulOfSteps(String name) throws Exception {
        Path store = dir.resolve(name);
        SweepDefinition preset = parse("--preset", name);
        List<String> argv = new ArrayList<>(List.of("--preset", name, "--data", "synthetic",
                "--train-limit", "100", "--test-limit", "20", "--batch-size", "50",
                "--steps", "2", "--seeds", "1", "--tau", "1.0", "--probe-every", "0",
                "--basket", "off", "--iw-samples", "0", "--images", "0", "--jobs", "2",
                "--output", store.toString()));
        if (preset.validation() > 0) {
            argv.addAll(List.of("--validation", "100"));
        }
        CliRun run = CliRun.of(argv.toArray(String[]::new));
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertEquals(preset.estimators().size(), ResultsStore.at(store).runs().size(),
                run.out());
        for (var r : ResultsStore.at(store).runs()) {
            assertTrue(r.complete(), r.config().runId());
            EpochRecord last = r.epochs().get(r.epochs().size() - 1);
            assertEquals(2, last.step(), "two steps");
            double elbo = r.last(r.metric(TestElbo.NAME).orElseThrow()).orElseThrow();
            assertTrue(Double.isFinite(elbo), r.config().label() + ": test ELBO " + elbo);
            if (preset.validation() > 0) {
                assertTrue(Double.isFinite(last.value("validation-elbo")), name);
            }
        }
    }

    /**
     * The temperature preset at a tiny budget: only its REINFORCE-LOO reference run trains, its
     * basket measures every configuration at each probe, and the report draws the temperature
     * figure from it.
     */
    @Test
    void theTemperaturePresetDrawsItsFigureFromTheBasketInSeconds() throws Exception {
        Path store = dir.resolve("temperature");
        long start = System.nanoTime();
        CliRun run = CliRun.of("--preset", "temperature", "--train-limit", "100",
                "--test-limit", "20", "--batch-size", "50", "--epochs", "1", "--seeds", "1",
                "--tau", "0.1,1.0", "--probe-estimates", "4", "--probe-batch", "10",
                "--images", "0", "--output", store.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertTrue(seconds < 60, "took " + seconds + " s");
        var runs = ResultsStore.at(store).runs();
        assertEquals(1, runs.size(), "basket 'only': the reference run alone trains");
        var reference = runs.get(0);
        assertEquals("reinforce:baseline=loo,samples=2", reference.config().label());
        assertEquals(2 * (2 * 2 + 4), reference.basket().size(),
                "2 probes x (2 tempered estimators x 2 taus + 4 unbiased)");
        String stem = "temperature-reinforce-baseline-loo-samples-2";
        Path csv = store.resolve("report").resolve(stem + ".csv");
        assertTrue(Files.exists(store.resolve("report").resolve(stem + ".svg")),
                run.out() + Files.list(store.resolve("report")).toList());
        List<String> rows = Files.readAllLines(csv);
        for (String metric : List.of("bias-relative-error", "log10-variance", "snr")) {
            for (String estimator : List.of("gumbel-softmax", "st-gumbel-softmax")) {
                assertEquals(2, rows.stream().filter(r -> r.startsWith(estimator + ",tempered,"
                        + metric + ",")).count(), estimator + " " + metric + ": " + rows);
            }
            assertEquals(4, rows.stream().filter(r -> r.contains(",unbiased reference,"
                    + metric + ",")).count(), metric + ": " + rows);
        }
    }

    @Test
    void theToyPresetRunsTheToyCommand() {
        CliRun run = CliRun.of("toy", "--preset", "toy", "--steps", "20", "--record-every",
                "10", "--seeds", "1", "--output", dir.resolve("toy").toString());
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertTrue(Files.exists(dir.resolve("toy/report/index.html")), run.out());
    }

    @Test
    void unknownPresetsAndPresetsForAnotherCommandAreBadValues() {
        CliRun unknown = CliRun.of("--preset", "disarm");
        assertEquals(ExitCode.USAGE, unknown.code());
        assertEquals("dvae: preset 'disarm' is not one of: disarm-linear, disarm-nonlinear, "
                + "categorical-nonlinear, jang-categorical, seed, temperature, toy ('dvae "
                + "presets' describes them)", unknown.err().strip());
        CliRun wrong = CliRun.of("--preset", "toy", "--output", dir.resolve("x").toString());
        assertEquals(ExitCode.USAGE, wrong.code());
        assertEquals("dvae: preset 'toy' is for 'dvae toy', not 'dvae sweep' (run: dvae toy "
                + "--preset toy)", wrong.err().strip());
        assertTrue(!Files.exists(dir.resolve("x")));
    }

    @Test
    void presetsListsThemAndPrintsOneToCopy() {
        CliRun list = CliRun.of("presets");
        assertEquals(ExitCode.OK, list.code(), list.err());
        List<String> missing = new ArrayList<>();
        for (String n : Presets.names()) {
            if (!list.out().contains(n + "  (dvae ")) {
                missing.add(n);
            }
        }
        assertEquals(List.of(), missing, list.out());
        assertTrue(list.out().contains("source: google-research/google-research "
                + "disarm/binary/experiment_launcher_singlelayer.py"), list.out());
        CliRun one = CliRun.of("presets", "jang-categorical");
        assertEquals(ExitCode.OK, one.code());
        assertTrue(one.out().contains("anneal-rate=3e-5"), one.out());
        assertTrue(one.out().contains("\"_source\""), one.out());
    }
}

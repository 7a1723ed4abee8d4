package io.github.dvae.experiments.cli;

import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.experiments.toy.ToyProblem;
import io.github.dvae.experiments.toy.ToyRun;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.html.HtmlReport;
import io.github.dvae.reports.html.ReportOptions;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ImageSet;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunEnvironment;
import io.github.dvae.reports.store.RunImages;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.RunSummary;
import io.github.dvae.reports.store.RunWriter;
import io.github.dvae.reports.store.Schedule;
import io.github.dvae.reports.store.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvae toy}: the REBAR/RELAX toy problem, {@code min E[(b - t)^2]} over one Bernoulli,
 * optimised by Adam with one estimate per step for each estimator. Each estimator and seed is a
 * run of a results store like a sweep's (its records every {@code --record-every} steps in place
 * of epochs), so the same report draws the papers' figures (loss and gradient log-variance along
 * optimisation, mean over seeds with a 95% band) and the final table; prints the report's path
 * last.
 */
@Command(name = "toy", mixinStandardHelpOptions = true,
        description = {"The toy problem of REBAR (t = 0.45) and RELAX (t = 0.499): minimise "
                + "E[(b - t)^2] over b ~ Bernoulli(sigmoid(phi)) with Adam, one gradient estimate "
                + "per step. Writes loss and gradient log-variance curves (as the papers plot "
                + "them) and prints the page's path.", ""},
        sortOptions = false)
final class ToyCommand implements Callable<Integer> {

    /** Which problem a run of the store solved: the toy runs say so. */
    static final Setting<String> PROBLEM = Setting.text("problem", "the problem solved", null);

    /** t of {@code E[(b - t)^2]}. */
    static final Setting<Double> TARGET = Setting.real("target", "t of E[(b - t)^2]", null);

    /** Optimiser steps. */
    static final Setting<Integer> STEPS = Setting.integer("steps", "optimiser steps", null);

    /** Steps between records. */
    static final Setting<Integer> RECORD_EVERY = Setting.integer("record-every",
            "steps between records", null);

    static final String LOSS = "toy-loss";
    static final String LOG10_VARIANCE = "toy-log10-variance";
    static final String THETA = "toy-theta";

    private static final List<MetricSpec> METRICS = List.of(
            new MetricSpec(LOSS, "loss E[(b - t)^2]", "", Schedule.EPOCH, true, true,
                    MetricSpec.Direction.LOWER, "The exact loss at the current phi; its "
                    + "minimum is t^2 at theta = 0."),
            new MetricSpec(LOG10_VARIANCE, "gradient variance", "log10", Schedule.EPOCH, true,
                    true, MetricSpec.Direction.LOWER, "log10 of the variance of the estimate "
                    + "of d loss / d phi, by bias-corrected moving averages with decay 0.999 "
                    + "(REBAR's convention)."),
            new MetricSpec(THETA, "theta = sigmoid(phi)", "", Schedule.EPOCH, false, true,
                    MetricSpec.Direction.NONE, "The Bernoulli's probability of 1."));

    private static final ImageSet EMPTY = new ImageSet(1, 1, new int[0][]);

    @Option(names = {"-e", "--estimator"}, arity = "1..*", split = "\\s+", paramLabel = "SPEC",
            description = "Categorical estimators, id[:name=value,...]. Default: reinforce "
                    + "reinforce:baseline=ema rebar rebar:eta=auto,lambda=10,tune-lambda=true "
                    + "gumbel-softmax:tau=0.5.")
    List<String> estimators = List.of("reinforce", "reinforce:baseline=ema", "rebar",
            "rebar:eta=auto,lambda=10,tune-lambda=true", "gumbel-softmax:tau=0.5");

    @Option(names = {"-t", "--target"}, defaultValue = "0.45", paramLabel = "T",
            description = "t in (0, 1): 0.45 as in REBAR, 0.499 as in RELAX. Default: 0.45.")
    double target;

    @Option(names = "--steps", defaultValue = "10000", paramLabel = "N",
            description = "Optimiser steps (>= 1). Default: 10000.")
    int steps;

    @Option(names = "--learning-rate", defaultValue = "0.01", paramLabel = "LR",
            description = "Adam's learning rate for phi (> 0). Default: 0.01, as the papers.")
    double learningRate;

    @Option(names = {"-s", "--seeds"}, split = ",", defaultValue = "1,2,3", paramLabel = "N",
            description = "Seeds, comma-separated. Default: 1,2,3.")
    List<Long> seeds;

    @Option(names = "--record-every", defaultValue = "100", paramLabel = "N",
            description = "Record loss and variance every N steps (>= 1). Default: 100.")
    int every;

    @Option(names = {"-o", "--output"}, defaultValue = "results/toy", paramLabel = "DIR",
            description = "The results store: runs in DIR/runs, the report in DIR/report; "
                    + "complete runs are skipped on a rerun. Default: results/toy.")
    Path output;

    @Option(names = SweepFileDefaults.PRESET, paramLabel = "NAME",
            description = "A shipped preset for the toy ('dvae presets' lists them) whose values "
                    + "are the defaults; options on the command line win.")
    String preset;

    @picocli.CommandLine.Mixin
    ReportArguments report = new ReportArguments();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (steps < 1 || every < 1 || !(learningRate > 0) || seeds.isEmpty()) {
            throw new UsageException("--steps and --record-every must be >= 1, --learning-rate "
                    + "> 0 and at least one seed; got steps=" + steps + ", record-every=" + every
                    + ", learning-rate=" + learningRate + ", seeds=" + seeds);
        }
        if (every > steps) {
            throw new UsageException("--record-every " + every + " exceeds --steps " + steps
                    + ": nothing would be recorded; it must be in 1.." + steps);
        }
        ToyProblem problem;
        try {
            problem = new ToyProblem(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--target " + e.getMessage());
        }
        ReportOptions options = report.options();
        List<EstimatorSpec> specs = estimators.stream().map(EstimatorSpec::parse).toList();
        for (EstimatorSpec s : specs) {
            trace(problem, s, seeds.get(0), 1); // every value checked before any work
        }
        OutputDirectory.require("--output", output);
        ResultsStore store = ResultsStore.at(output);
        EnvironmentCapture environment = EnvironmentCapture.read();
        var out = spec.commandLine().getOut();
        for (EstimatorSpec s : specs) {
            long start = System.nanoTime();
            int trained = 0;
            for (long seed : seeds) {
                RunConfig config = config(problem, s, seed);
                if (store.state(config.runId()) == RunState.COMPLETE) {
                    continue;
                }
                long runStart = System.nanoTime();
                ToyRun.Trace trace = trace(problem, s, seed, steps);
                record(store, config, trace, environment.at(Instant.now(), 1, 1),
                        (System.nanoTime() - runStart) / 1e9);
                trained++;
            }
            out.printf(Locale.ROOT, "%-40s %d seed(s) trained, %d already complete, %.1f s%n",
                    s, trained, seeds.size() - trained, (System.nanoTime() - start) / 1e9);
            out.flush();
        }
        Path index = HtmlReport.write(store, store.root().resolve(SweepCommand.REPORT), options);
        out.println(index);
        return ExitCode.OK;
    }

    private ToyRun.Trace trace(ToyProblem problem, EstimatorSpec s, long seed, int stepCount) {
        try {
            return ToyRun.run(problem, s, seed, stepCount, learningRate, Math.min(every,
                    stepCount));
        } catch (IllegalArgumentException e) {
            throw e instanceof io.github.dvae.core.estimator.InvalidOptionException ? e
                    : new UsageException(e.getMessage());
        }
    }

    /** The toy run of {@code estimator} for {@code seed}: its settings and its run id. */
    private RunConfig config(ToyProblem problem, EstimatorSpec estimator, long seed) {
        RunConfig c = new RunConfig("", estimator.toString(), estimator.id(),
                estimator.options(), estimator.provider().unbiased(estimator.options()), seed,
                Map.of())
                .with(PROBLEM, "toy")
                .with(TARGET, problem.target())
                .with(STEPS, steps)
                .with(TrainingSettings.LEARNING_RATE, learningRate)
                .with(RECORD_EVERY, every);
        return c.withRunId(RunConfig.slug(estimator.toString()) + "-seed" + seed + "-"
                + c.fingerprint().substring(0, 8));
    }

    private static void record(ResultsStore store, RunConfig config, ToyRun.Trace trace,
            RunEnvironment environment, double seconds) throws IOException {
        try (RunWriter writer = store.start(config, environment, METRICS)) {
            for (int k = 0; k < trace.steps().size(); k++) {
                writer.epoch(new EpochRecord(k, trace.steps().get(k), Double.NaN, Double.NaN,
                        Map.of(LOSS, trace.loss().get(k), LOG10_VARIANCE,
                                trace.log10Variance().get(k), THETA, trace.theta().get(k))));
            }
            writer.images(new RunImages(EMPTY, EMPTY, EMPTY));
            writer.complete(new RunSummary(Instant.now().toString(), trace.steps().size() - 1,
                    trace.steps().get(trace.steps().size() - 1), seconds, Map.of()));
        }
    }
}

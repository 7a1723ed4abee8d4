package io.github.dvae.experiments.cli;

import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.experiments.toy.ToyProblem;
import io.github.dvae.experiments.toy.ToyRun;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.html.CurveChart;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvae toy}: the REBAR/RELAX toy problem, {@code min E[(b - t)^2]} over one Bernoulli,
 * optimised by Adam with one estimate per step for each estimator; writes the paper-style figures
 * (loss and gradient log-variance along optimisation, mean over seeds with a 95% band), a table
 * and the traces as CSV, and prints the page's path last.
 */
@Command(name = "toy", mixinStandardHelpOptions = true,
        description = {"The toy problem of REBAR (t = 0.45) and RELAX (t = 0.499): minimise "
                + "E[(b - t)^2] over b ~ Bernoulli(sigmoid(phi)) with Adam, one gradient estimate "
                + "per step. Writes loss and gradient log-variance curves (as the papers plot "
                + "them) and prints the page's path.", ""},
        sortOptions = false)
final class ToyCommand implements Callable<Integer> {

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
            description = "Where to write index.html, its charts and traces.csv. "
                    + "Default: results/toy.")
    Path output;

    @Option(names = SweepFileDefaults.PRESET, paramLabel = "NAME",
            description = "A shipped preset for the toy ('dvae presets' lists them) whose values "
                    + "are the defaults; options on the command line win.")
    String preset;

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
        List<EstimatorSpec> specs = estimators.stream().map(EstimatorSpec::parse).toList();
        for (EstimatorSpec s : specs) {
            trace(problem, s, seeds.get(0), 1); // every value checked before any work
        }
        OutputDirectory.require("--output", output);
        List<List<ToyRun.Trace>> traces = new ArrayList<>();
        var out = spec.commandLine().getOut();
        for (EstimatorSpec s : specs) {
            List<ToyRun.Trace> perSeed = new ArrayList<>();
            long start = System.nanoTime();
            for (long seed : seeds) {
                perSeed.add(trace(problem, s, seed, steps));
            }
            traces.add(perSeed);
            ToyRun.Trace first = perSeed.get(0);
            out.printf(Locale.ROOT, "%-40s final loss %.5f, log10 variance %.3f (seed %d), "
                    + "%d seed(s) in %.1f s%n", s, last(first.loss()), last(first.log10Variance()),
                    seeds.get(0), seeds.size(), (System.nanoTime() - start) / 1e9);
            out.flush();
        }
        Files.createDirectories(output);
        String lossChart = chart(specs, traces, ToyRun.Trace::loss, "toy-loss.png",
                "Loss E[(b - t)^2], t = " + target + "; mean over seeds, 95% band",
                "loss (exact)");
        String varianceChart = chart(specs, traces, ToyRun.Trace::log10Variance,
                "toy-variance.png", "Gradient variance along optimisation (moving averages, "
                        + "decay 0.999); mean over seeds, 95% band", "log10 variance");
        writeCsv(specs, traces);
        Path index = output.resolve("index.html");
        AtomicFiles.write(index, page(problem, specs, traces, lossChart, varianceChart)
                .getBytes(StandardCharsets.UTF_8));
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

    private String chart(List<EstimatorSpec> specs, List<List<ToyRun.Trace>> traces,
            Function<ToyRun.Trace, List<Double>> metric, String file, String title, String y)
            throws IOException {
        List<CurveChart.Line> lines = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            lines.add(new CurveChart.Line(specs.get(i).toString(), curve(traces.get(i), metric)));
        }
        AtomicFiles.write(output.resolve(file), new CurveChart(title, "step", y, lines)
                .png(900, 520));
        return file;
    }

    private static Curve curve(List<ToyRun.Trace> perSeed,
            Function<ToyRun.Trace, List<Double>> metric) {
        List<Integer> x = perSeed.get(0).steps();
        List<Interval> y = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            double[] values = new double[perSeed.size()];
            for (int s = 0; s < values.length; s++) {
                values[s] = metric.apply(perSeed.get(s)).get(i);
            }
            y.add(Interval.of(values));
        }
        return new Curve(x, y);
    }

    private void writeCsv(List<EstimatorSpec> specs, List<List<ToyRun.Trace>> traces)
            throws IOException {
        StringBuilder csv = new StringBuilder("estimator,seed,step,loss,log10_variance,theta\n");
        for (int i = 0; i < specs.size(); i++) {
            for (int s = 0; s < seeds.size(); s++) {
                ToyRun.Trace t = traces.get(i).get(s);
                for (int k = 0; k < t.steps().size(); k++) {
                    csv.append('"').append(specs.get(i)).append("\",").append(seeds.get(s))
                            .append(',').append(t.steps().get(k)).append(',')
                            .append(t.loss().get(k)).append(',')
                            .append(t.log10Variance().get(k)).append(',')
                            .append(t.theta().get(k)).append('\n');
                }
            }
        }
        AtomicFiles.write(output.resolve("traces.csv"), csv.toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private String page(ToyProblem problem, List<EstimatorSpec> specs,
            List<List<ToyRun.Trace>> traces, String lossChart, String varianceChart) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><title>Toy problem</title><style>body{font-family:"
                + "sans-serif;max-width:960px;margin:2em auto}td,th{padding:2px 10px;text-align:"
                + "right}td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        html.append(String.format(Locale.ROOT, "<h1>Toy problem, t = %s</h1>\n<p>Minimise "
                + "E[(b - t)^2], b ~ Bernoulli(sigmoid(phi)), from phi = 0 with Adam (learning "
                + "rate %s), one gradient estimate per step, %d steps, seeds %s. The optimum loss "
                + "is t^2 = %.6f (theta = 0). Variance: of the estimate of d loss / d phi, by "
                + "moving averages with decay 0.999 (REBAR's convention).</p>\n", problem.target(),
                learningRate, steps, seeds, problem.target() * problem.target()));
        html.append("<table><tr><th>estimator</th><th>final loss (mean)</th>"
                + "<th>final theta (mean)</th><th>final log10 variance (mean)</th></tr>\n");
        for (int i = 0; i < specs.size(); i++) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.6f</td><td>%.4f</td>"
                    + "<td>%.3f</td></tr>\n", specs.get(i),
                    mean(traces.get(i), ToyRun.Trace::loss),
                    mean(traces.get(i), ToyRun.Trace::theta),
                    mean(traces.get(i), ToyRun.Trace::log10Variance)));
        }
        html.append("</table>\n<p><img src=\"").append(lossChart).append("\" alt=\"loss\"></p>\n")
                .append("<p><img src=\"").append(varianceChart).append("\" alt=\"variance\"></p>\n")
                .append("<p>Traces: <a href=\"traces.csv\">traces.csv</a>.</p>\n</body></html>\n");
        return html.toString();
    }

    private static double mean(List<ToyRun.Trace> perSeed,
            Function<ToyRun.Trace, List<Double>> metric) {
        return perSeed.stream().mapToDouble(t -> last(metric.apply(t))).average().orElse(Double.NaN);
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }
}

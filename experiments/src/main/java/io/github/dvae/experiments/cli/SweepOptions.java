package io.github.dvae.experiments.cli;

import io.github.dvae.experiments.sweep.SweepDefinition;
import java.nio.file.Path;
import java.util.List;
import io.github.dvae.reports.html.ReportOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The sweep's options, shared by {@code dvae} (where the sweep is the default) and
 * {@code dvae sweep}. Unset lists take the default sweep's values.
 */
public final class SweepOptions {

    @Option(names = {"-e", "--estimator"}, arity = "1..*", split = "\\s+", paramLabel = "SPEC",
            description = "Estimators, each id[:name=value,...], e.g. reinforce:baseline=loo,"
                    + "samples=4 or gumbel-softmax:tau=0.5; repeat or list them. "
                    + "'dvae estimators' lists ids and options. "
                    + "Default: reinforce reinforce:baseline=loo,samples=4 gumbel-softmax "
                    + "st-gumbel-softmax rebar gaussian.")
    List<String> estimators;

    @Option(names = "--tau", split = ",", paramLabel = "T",
            description = "Temperatures, comma-separated, given to every estimator that declares "
                    + "a tau option and whose spec does not set it. Default: 0.5,1.0.")
    List<Double> temperatures;

    @Option(names = {"-s", "--seeds"}, split = ",", paramLabel = "N",
            description = "Seeds, comma-separated: one run per seed and configuration. "
                    + "Default: 1,2.")
    List<Long> seeds;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "N",
            description = "Passes over the training set per run (>= 1), unless --steps is given "
                    + "(on the command line, in a sweep file or in the preset): then the steps "
                    + "rule and this is ignored. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--steps", paramLabel = "N",
            description = "The budget in optimiser steps (>= 1), as the papers count it; it "
                    + "wins over --epochs. Default: none (the budget is --epochs).")
    Long steps;

    @Option(names = "--evaluation", paramLabel = "SCHEDULE",
            description = "The optimiser steps after which train ELBO (running mean since the "
                    + "previous point), validation and test ELBO and the other step-indexed "
                    + "metrics are recorded: log:N (N >= 2 points spaced evenly in log(step)), "
                    + "every:K (K >= 1) or a list such as 1,10,100; the last step is always one. "
                    + "Default: log:20 for a --steps budget, the end of every epoch for an epoch "
                    + "budget.")
    String evaluation;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "100", paramLabel = "B",
            description = "Examples per optimiser step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "1e-3", paramLabel = "LR",
            description = "Adam's learning rate (> 0). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = {"-a", "--architecture"}, defaultValue = "small", paramLabel = "ARCH",
            description = "small (784-200-(20x10)-200-784), jang, seed, disarm-linear "
                    + "(784-(200b+prior)-784), disarm-nonlinear, categorical-nonlinear, or a "
                    + "form such as 784-400-(20x256)-400-784 (N x K categorical) or "
                    + "784-200-(200b)-200-784 (N Bernoulli units; 200b+prior learns the prior), "
                    + "ReLU hidden layers unless ':leakyrelu(0.3)' or another activation "
                    + "follows. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = {"-d", "--data"}, defaultValue = "synthetic", paramLabel = "DATA",
            description = "synthetic (built in), fashion-mnist (Debian's dataset-fashion-mnist) "
                    + "or idx:<directory of MNIST-format files>. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--data-seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the synthetic data set, shared by every run. "
                    + "Default: ${DEFAULT-VALUE}.")
    long dataSeed;

    @Option(names = "--binarisation", defaultValue = "dynamic", paramLabel = "KIND",
            description = "dynamic (a fresh Bernoulli draw per use) or threshold (> 0.5). "
                    + "Default: ${DEFAULT-VALUE}.")
    String binarisation;

    @Option(names = "--train-limit", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N training images (0: all). Default: "
                    + "${DEFAULT-VALUE}.")
    int trainLimit;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
            description = "Hold the last N images of the training file out of training and "
                    + "record their ELBO at every evaluation point (--validation 10000: "
                    + "Fashion-MNIST as DisARM loads it, 50,000 train, 10,000 validation; "
                    + "--train-limit then limits the rest). 0: none. Default: ${DEFAULT-VALUE}.")
    int validation;

    @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N test images (0: all). Default: ${DEFAULT-VALUE}.")
    int testLimit;

    @Option(names = "--probe-every", paramLabel = "N",
            description = "Gradient variance probe before training, at every N-th evaluation "
                    + "point and at the last (0: off); for an epoch budget the evaluation points "
                    + "are the epochs, so: after every N epochs. Default: 5 for an epoch budget, "
                    + "1 (every evaluation point) for a --steps budget.")
    Integer probeEvery;

    @Option(names = "--probe-estimates", defaultValue = "50", paramLabel = "M",
            description = "Independent estimates per probe (>= 2). Default: ${DEFAULT-VALUE}.")
    int probeEstimates;

    @Option(names = "--probe-batch", defaultValue = "100", paramLabel = "B",
            description = "Examples in the probe's fixed minibatch. Default: ${DEFAULT-VALUE}.")
    int probeBatch;

    @Option(names = "--probe-reference", defaultValue = "exact", paramLabel = "ID",
            description = "Estimator whose gradient is the reference for bias, used when it can "
                    + "serve the latent space. Default: ${DEFAULT-VALUE}.")
    String probeReference;

    @Option(names = "--probe-noisy-reference", defaultValue = "reinforce:baseline=loo,samples=8",
            paramLabel = "SPEC",
            description = "Where --probe-reference cannot serve the latent space, the bias of a "
                    + "biased estimator is measured at the last probe against the mean of R "
                    + "draws of this unbiased estimator, with both means' noise removed ('' "
                    + "turns it off). "
                    + "Default: ${DEFAULT-VALUE}.")
    String probeNoisyReference;

    @Option(names = "--probe-reference-draws", defaultValue = "20", paramLabel = "R",
            description = "Draws R of the noisy reference per probe (>= 2). Default: "
                    + "${DEFAULT-VALUE}.")
    int probeReferenceDraws;

    @Option(names = "--basket", defaultValue = "off", paramLabel = "off|on|only",
            description = "The same-snapshot variance basket: at every probe of one reference "
                    + "run per configuration, every estimator configuration of the sweep draws "
                    + "M estimates on that run's frozen parameters and the probe's minibatch "
                    + "(log10 variance, SNR, bias, work-normalised variance); 'only' trains "
                    + "just the reference runs. Needs the probe. "
                    + "Default: ${DEFAULT-VALUE}.")
    String basket;

    @Option(names = "--basket-reference", defaultValue = "", paramLabel = "SPEC",
            description = "The estimator configuration whose runs are the basket's reference "
                    + "runs, e.g. reinforce:baseline=loo,samples=2. Default: the sweep's first.")
    String basketReference;

    /** What the report at the end shows; changing it retrains nothing. */
    @Mixin
    ReportArguments report = new ReportArguments();

    @Option(names = "--iw-samples", defaultValue = "0", paramLabel = "K",
            description = "After the last epoch, the importance-weighted bound on log p(x) "
                    + "(Burda et al. 2016) over the whole test set with K posterior samples per "
                    + "image: 0 (off) or >= 2; 1000 in the papers. Costs K decoder passes per "
                    + "test image; skipped for latents without a posterior density (VQ-VAE, "
                    + "gaussian). Default: ${DEFAULT-VALUE}.")
    int iwSamples;

    @Option(names = "--iw-every", defaultValue = "0", paramLabel = "N",
            description = "The --iw-samples bound also along training: at every N-th evaluation "
                    + "point and the last (0: after training only; the papers' launchers score "
                    + "every 1000 steps with K = 100). Default: ${DEFAULT-VALUE}.")
    int iwEvery;

    @Option(names = {"-o", "--output"}, defaultValue = "results", paramLabel = "DIR",
            description = "The results store: runs in DIR/runs, the report in DIR/report. "
                    + "Rerunning into the same DIR skips complete runs. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = {"-j", "--jobs"}, defaultValue = "0", paramLabel = "N",
            description = "Runs at once (0: one per core). Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--blas-threads", defaultValue = "0", paramLabel = "N",
            description = "BLAS and OpenMP threads per run (0: cores / jobs, at least 1). "
                    + "Default: ${DEFAULT-VALUE}.")
    int blasThreads;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "STEPS",
            description = "Save each run's whole state every STEPS training steps (0: only on "
                    + "Ctrl-C), in DIR/checkpoints; a rerun continues from it bit-identically. "
                    + "Default: ${DEFAULT-VALUE}.")
    long checkpointEvery;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "ENGINE",
            description = "Where runs execute: local (this process's threads) or spark (each "
                    + "run one Spark task; needs dvae-spark.jar, see the spark module). "
                    + "Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
            description = "The Spark master for --engine spark (local[N], spark://host:port, "
                    + "...; spark-submit's --master wins). Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = SweepFileDefaults.OPTION, paramLabel = "FILE",
            description = "A JSON object of option: value (long names without dashes, lists as "
                    + "arrays), e.g. {\"estimator\": [\"reinforce:baseline=loo,samples=4\"], "
                    + "\"seeds\": [1, 2, 3], \"epochs\": 10}; options on the command line win.")
    Path sweepFile;

    @Option(names = SweepFileDefaults.PRESET, paramLabel = "NAME",
            description = "A paper's protocol shipped with the runner ('dvae presets' lists them "
                    + "with their sources and budgets): its values are the defaults, a sweep "
                    + "file's values and the command line's win (e.g. --preset disarm-nonlinear "
                    + "--epochs 1 --train-limit 1000 for a short run).")
    String preset;

    /**
     * The sweep these options define.
     *
     * @throws io.github.dvae.experiments.sweep.InvalidSweepException for a value out of range
     */
    SweepDefinition definition() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (blasThreads < 0 || blasThreads > cores) {
            throw new io.github.dvae.experiments.sweep.InvalidSweepException(
                    "blas-threads must be in 0.." + cores + " (0: cores / jobs; this machine "
                    + "has " + cores + " cores), got " + blasThreads);
        }
        if (steps != null && steps < 1) {
            throw new io.github.dvae.experiments.sweep.InvalidSweepException(
                    "steps must be an integer >= 1, got " + steps);
        }
        if (checkpointEvery < 0) {
            throw new io.github.dvae.experiments.sweep.InvalidSweepException(
                    "checkpoint-every must be >= 0 steps (0: only on Ctrl-C), got "
                    + checkpointEvery);
        }
        return new SweepDefinition(
                estimators == null ? SweepDefinition.DEFAULT_ESTIMATORS : estimators,
                temperatures == null ? SweepDefinition.DEFAULT_TEMPERATURES : temperatures,
                seeds == null ? List.of(1L, 2L) : seeds, epochs, steps == null ? 0 : steps,
                evaluation == null ? "" : evaluation, validation, batchSize, learningRate,
                architecture, data, dataSeed, binarisation, trainLimit, testLimit,
                probeEvery != null ? probeEvery : steps == null ? 5 : 1,
                probeEstimates, probeBatch, probeReference, probeNoisyReference,
                probeReferenceDraws, iwSamples, iwEvery, output, jobs, basket, basketReference);
    }

    /** The report's options. */
    ReportOptions reportOptions() {
        return report.options();
    }
}

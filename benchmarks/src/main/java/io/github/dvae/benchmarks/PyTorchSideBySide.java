package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.curves.PyTorchReference;
import io.github.dvae.benchmarks.sidebyside.CpuModel;
import io.github.dvae.benchmarks.sidebyside.MatchedJob;
import io.github.dvae.benchmarks.sidebyside.PairedMeasurement;
import io.github.dvae.benchmarks.sidebyside.ReportedThroughput;
import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.core.tensor.VectorApiHint;
import io.github.dvae.experiments.preset.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * This harness beside PyTorch on one preset's training job: {@code TrainingThroughput} and the
 * PyTorch reference script ({@code benchmarks/pytorch/pytorch_reference.py}) run as whole
 * processes in turn, A B A B,
 * one untimed pair then {@code --pairs} counted ones, each program's own images/s parsed from its
 * output. Prints (and with {@code --csv} / {@code --markdown} appends) each side's median, the
 * median and minimum of the pairwise ratios, the whole-process ratio, the CPU model and each
 * side's {@code OPENBLAS_*} variables. PyTorch runs at its best: without
 * {@code OPENBLAS_CORETYPE}/{@code OPENBLAS_L2_SIZE} by default (its OpenBLAS is faster without
 * them), and in its {@code --gather} form for categorical REINFORCE ({@code --pytorch-best}: both
 * forms each pair, the better kept). This harness's JVM gets {@code jdk.incubator.vector} unless
 * {@code --harness-jvm} says otherwise: the exp/log path {@code mvn exec:java} runs.
 */
@Command(name = "pytorch-side-by-side", mixinStandardHelpOptions = true,
        description = "Throughput of this harness and the PyTorch reference script on one "
                + "preset's job, whole processes in turn, medians of pairs.")
public final class PyTorchSideBySide implements Callable<Integer> {

    /** The exit code of a run that failed (not the user's input). */
    static final int RUN_FAILED = 1;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--architecture", required = true,
            description = "a sweep preset: disarm-linear, disarm-nonlinear, categorical-nonlinear,"
                    + " jang-categorical, seed (its architecture, batch size and learning rate)")
    String preset;

    @Option(names = "--estimator", required = true,
            description = "reinforce, reinforce-loo, gumbel-softmax or st-gumbel-softmax")
    String estimator;

    @Option(names = "--samples", description = "reinforce-loo's S (default: 2 on Bernoulli units,"
            + " 4 on categorical latents)")
    Integer samples;

    @Option(names = "--tau", description = "Gumbel-Softmax temperature (default: 1)")
    Double tau;

    @Option(names = "--batch", description = "batch size (default: the preset's)")
    Integer batch;

    @Option(names = "--images", required = true,
            description = "IDX image file both sides read, e.g. Fashion-MNIST's training images")
    Path images;

    @Option(names = "--pairs", defaultValue = "3",
            description = "counted pairs, after one untimed (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--steps", defaultValue = "100", description = "timed steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "10",
            description = "untimed steps first, each run (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "threads, both sides (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "seed, both sides (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "the Python that has torch (default: ${DEFAULT-VALUE})")
    Path python;

    @Option(names = "--script", description = "pytorch_reference.py (default: "
            + "benchmarks/pytorch/pytorch_reference.py under the working directory, else $"
            + PyTorchReference.SCRIPT_VARIABLE + ")")
    Path script;

    @Option(names = "--pytorch-best", description = "for categorical REINFORCE, run the script "
            + "both dense and with --gather each pair and keep the better (default: --gather only)")
    boolean pytorchBest;

    @Option(names = "--pytorch-unset", defaultValue = "OPENBLAS_CORETYPE,OPENBLAS_L2_SIZE",
            description = "variables removed from PyTorch's environment, comma-separated; '' for "
                    + "none (default: ${DEFAULT-VALUE})")
    String pytorchUnset;

    @Option(names = "--pytorch-env", paramLabel = "NAME=VALUE",
            description = "a variable set for PyTorch's process (repeatable)")
    Map<String, String> pytorchEnv = new LinkedHashMap<>();

    @Option(names = "--harness-env", paramLabel = "NAME=VALUE",
            description = "a variable set for this harness's process (repeatable), e.g. "
                    + "OPENBLAS_CORETYPE=SkylakeX")
    Map<String, String> harnessEnv = new LinkedHashMap<>();

    @Option(names = "--harness-jvm", defaultValue = VectorApiHint.JVM_OPTION,
            description = "options of this harness's JVM, space-separated; '' for none "
                    + "(default: ${DEFAULT-VALUE}, core's Vector API exp/log, as exec:java runs)")
    String harnessJvm;

    @Option(names = "--csv", description = "append the summary to this CSV file (header if new)")
    Path csv;

    @Option(names = "--markdown", description = "append the summary's table row to this file")
    Path markdown;

    /** One program's command and environment. */
    record Side(String name, List<String> command, Map<String, String> environment) {

        /** The {@code OPENBLAS_*} variables of the environment, or {@code none}. */
        String openBlas() {
            List<String> set = new ArrayList<>();
            new TreeMap<>(environment).forEach((k, v) -> {
                if (k.startsWith("OPENBLAS_")) {
                    set.add(k + "=" + v);
                }
            });
            return set.isEmpty() ? "none" : String.join(" ", set);
        }
    }

    /** What the command will run: the job, this harness's side and the script's forms. */
    record Plan(MatchedJob job, Side harness, List<Side> pytorch) {
    }

    /**
     * Checks every value and builds both programs' commands; runs nothing.
     *
     * @param workingDirectory where the default script is looked for
     * @param environment the variables both programs start from (and the default script's)
     * @throws IllegalArgumentException naming the bad value and what is allowed
     */
    Plan plan(Path workingDirectory, Map<String, String> environment) {
        if (pairs < 1 || steps < 1 || warmup < 0 || threads < 1) {
            throw new IllegalArgumentException("--pairs, --steps and --threads must be >= 1 and "
                    + "--warmup >= 0, got " + pairs + ", " + steps + ", " + threads + ", "
                    + warmup);
        }
        MatchedJob job = MatchedJob.of(Presets.find(preset), estimator, samples, tau, batch);
        requireFile("--images", images);
        Path reference = script != null ? script : PyTorchReference.defaultScript(
                workingDirectory, environment).orElseThrow(() -> new IllegalArgumentException(
                        "--script is missing and there is none at "
                                + PyTorchReference.DEFAULT_SCRIPT_TEXT
                                + "; give the path of pytorch_reference.py"));
        requireFile("--script", reference);
        if (!Files.isExecutable(python)) {
            throw new IllegalArgumentException("--python " + python + " is not an executable "
                    + "file; allowed: a Python with torch, such as /usr/bin/python3");
        }
        for (String name : List.copyOf(harnessEnv.keySet())) {
            requireName("--harness-env", name);
        }
        for (String name : List.copyOf(pytorchEnv.keySet())) {
            requireName("--pytorch-env", name);
        }

        List<String> harnessCommand = new ArrayList<>();
        harnessCommand.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : harnessJvm.strip().split("\\s+")) {
            if (!option.isEmpty()) {
                harnessCommand.add(option);
            }
        }
        harnessCommand.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), TrainingThroughput.class.getName(),
                "--images", images.toString(), "--architecture", job.harnessArchitecture(),
                "--estimator", job.harnessEstimator(), "--batch", Integer.toString(job.batch()),
                "--lr", Double.toString(job.learningRate()), "--steps", Integer.toString(steps),
                "--warmup", Integer.toString(warmup), "--threads", Integer.toString(threads),
                "--seed", Long.toString(seed)));
        Map<String, String> harnessEnvironment = new TreeMap<>(environment);
        harnessEnvironment.putAll(harnessEnv);

        Map<String, String> pytorchEnvironment = new TreeMap<>(environment);
        for (String name : pytorchUnset.split(",")) {
            pytorchEnvironment.remove(name.strip());
        }
        pytorchEnvironment.putAll(pytorchEnv);
        List<String> scriptCommand = new ArrayList<>(List.of(python.toString(),
                reference.toString(), "--images", images.toString()));
        scriptCommand.addAll(job.scriptFlags());
        // --epochs: enough passes for every step; the script stops at --steps.
        scriptCommand.addAll(List.of("--steps", Integer.toString(steps), "--warmup",
                Integer.toString(warmup), "--threads", Integer.toString(threads), "--seed",
                Long.toString(seed), "--epochs", "1000000"));
        List<Side> pytorch = new ArrayList<>();
        if (!job.gatherApplies() || pytorchBest) {
            pytorch.add(new Side("dense", scriptCommand, pytorchEnvironment));
        }
        if (job.gatherApplies()) {
            List<String> gather = new ArrayList<>(scriptCommand);
            gather.add("--gather");
            pytorch.add(new Side("gather", gather, pytorchEnvironment));
        }
        return new Plan(job, new Side("harness", harnessCommand, harnessEnvironment), pytorch);
    }

    private static void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        }
    }

    private static void requireName(String option, String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(option + " '" + name + "' is not a variable name;"
                    + " allowed: NAME=VALUE with NAME of letters, digits and _");
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Plan plan = plan(Path.of("").toAbsolutePath(), System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        out.println("job: " + plan.job() + "; the script differs in: "
                + plan.job().differencesText());
        out.println("harness: " + plan.harness().openBlas() + ": "
                + String.join(" ", plan.harness().command()));
        for (Side s : plan.pytorch()) {
            out.println("pytorch (" + s.name() + "): " + s.openBlas() + ": "
                    + String.join(" ", s.command()));
        }
        out.flush();
        List<PairedMeasurement.Pair> counted = new ArrayList<>();
        for (int pair = 0; pair <= pairs; pair++) {
            String label = pair == 0 ? "untimed pair" : "pair " + pair + "/" + pairs;
            Run harness = run(plan.harness(), ReportedThroughput::harness);
            Run best = null;
            String bestForm = null;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "%s: harness %.1f images/s (%.1f s)", label, harness.imagesPerSecond,
                    harness.seconds));
            for (Side s : plan.pytorch()) {
                Run r = run(s, ReportedThroughput::script);
                line.append(String.format(Locale.ROOT, ", pytorch %s %.1f images/s (%.1f s)",
                        s.name(), r.imagesPerSecond, r.seconds));
                if (best == null || r.imagesPerSecond > best.imagesPerSecond) {
                    best = r;
                    bestForm = s.name();
                }
            }
            out.println(line);
            out.flush();
            if (pair > 0) {
                counted.add(new PairedMeasurement.Pair(harness.imagesPerSecond, harness.seconds,
                        best.imagesPerSecond, best.seconds, bestForm));
            }
        }
        PairedMeasurement m = new PairedMeasurement(counted);
        String harnessBlas = plan.harness().openBlas();
        if (!plan.harness().environment().containsKey(OpenBlasThreads.VARIABLE)) {
            harnessBlas += " (and " + OpenBlasThreads.VARIABLE + "=" + OpenBlasThreads.SHORT_SPIN
                    + " set at start-up)";
        }
        PairedMeasurement.Circumstances c = new PairedMeasurement.Circumstances(
                LocalDate.now(ZoneOffset.UTC).toString(), preset, plan.job(), threads, steps,
                warmup, CpuModel.ofThisMachine(), harnessBlas, plan.pytorch().get(0).openBlas());
        out.println();
        out.println(PairedMeasurement.markdownHeader());
        out.println(m.markdownRow(c));
        out.println();
        out.println(PairedMeasurement.CSV_HEADER);
        out.println(m.csvLine(c));
        out.flush();
        if (csv != null) {
            boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
            append(csv, (fresh ? PairedMeasurement.CSV_HEADER + "\n" : "") + m.csvLine(c) + "\n");
        }
        if (markdown != null) {
            append(markdown, m.markdownRow(c) + "\n");
        }
        return 0;
    }

    /** One process's figure and wall time. */
    private record Run(double imagesPerSecond, double seconds) {
    }

    /** A run that did not end with a figure: not the user's input, so exit 1. */
    static final class RunFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailure(String message) {
            super(message);
        }
    }

    private static Run run(Side side, ToDoubleFunction<String> figure)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(side.command()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(side.environment());
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RunFailure(side.name() + " did not start: " + e.getMessage());
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new RunFailure(side.name() + " exited with " + code + ": "
                    + output.strip().lines().reduce((a, b) -> b).orElse("(no output)"));
        }
        try {
            return new Run(figure.applyAsDouble(output), seconds);
        } catch (IllegalArgumentException e) {
            throw new RunFailure(side.name() + ": " + e.getMessage());
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line with this program's error handling: bad input one line, exit 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PyTorchSideBySide());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage()
                    + " (--help lists the options)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof RunFailure || e instanceof UncheckedIOException) {
                c.getErr().println("error: " + e.getMessage());
                return RUN_FAILED;
            }
            if (e instanceof IllegalArgumentException) {
                c.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

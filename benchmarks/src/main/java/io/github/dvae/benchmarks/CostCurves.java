package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.curves.CostAxis;
import io.github.dvae.benchmarks.curves.CostCharts;
import io.github.dvae.benchmarks.curves.CostPlan;
import io.github.dvae.benchmarks.curves.CostPoint;
import io.github.dvae.benchmarks.curves.CostRecord;
import io.github.dvae.benchmarks.curves.CostTable;
import io.github.dvae.benchmarks.curves.PyTorchReference;
import io.github.dvae.benchmarks.throughput.ThroughputMeasurement;
import io.github.dvae.benchmarks.throughput.ThroughputResult;
import io.github.dvae.benchmarks.throughput.ThroughputSettings;
import io.github.dvae.core.data.DataFormatException;
import io.github.dvae.core.data.IdxFiles;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.core.tensor.VectorApiHint;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.RunEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how a training step's wall time grows with the batch size, with K at a fixed
 * N log2 K, with N and with the samples S, for each estimator (see {@link CostPlan} for the
 * points), each point a {@link ThroughputMeasurement} in this process, and beside it the PyTorch
 * reference script where it implements the estimator ({@link PyTorchReference}). Writes
 * {@code cost-curves.csv} (rewritten atomically after every point: a rerun with the same
 * settings measures only what is missing), a figure per curve and {@code index.html}; progress
 * goes to stderr.
 */
@Command(name = "cost-curves", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Step time against batch size, K (N log2 K fixed), N and samples S, per "
                + "estimator, beside PyTorch; CSV, charts and index.html.")
public final class CostCurves implements Callable<Integer> {

    /** The estimators measured by default: one of each family PyTorch users compare against. */
    static final List<String> DEFAULT_ESTIMATORS = List.of("reinforce",
            "reinforce:baseline=loo,samples=2", "gumbel-softmax", "st-gumbel-softmax", "rebar",
            "relax", "reinmax", "gumbel-rao");

    /**
     * Untimed steps added to the first point of each estimator in a process: its code is not
     * compiled yet, and later points share it.
     */
    static final int PRIMING_STEPS = 10;

    /** Images in the synthetic set {@link ThroughputMeasurement} draws. */
    private static final int SYNTHETIC_COUNT = 10_000;

    @Option(names = "--estimators", arity = "1..*", split = ";", paramLabel = "SPEC",
            description = "estimator specs, space- or ';'-separated (options may hold commas), "
                    + "or 'all': every provider serving the architecture (default: "
                    + "reinforce reinforce:baseline=loo,samples=2 gumbel-softmax "
                    + "st-gumbel-softmax rebar relax reinmax gumbel-rao)")
    private List<String> estimators;

    @Option(names = "--curves", split = ",", paramLabel = "CURVE",
            description = "curves to measure, of batch, k, n, samples (default: all four)")
    private List<String> curves;

    @Option(names = "--architecture", defaultValue = "seed",
            description = "base architecture, a preset or written form (default: ${DEFAULT-VALUE}"
                    + ", 784-400-(20x256)-400-784)")
    private String architecture;

    @Option(names = "--batch", defaultValue = "128",
            description = "batch size of the k, n and samples curves (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--batches", split = ",", description = "batch curve's sizes "
            + "(default: 16,32,64,128,256,512,1024)")
    private List<Integer> batches;

    @Option(names = "--ks", split = ",", description = "K curve's classes, N = round(N0 log2 K0"
            + " / log2 K) (default: 2,4,8,...,1024)")
    private List<Integer> ks;

    @Option(names = "--ns", split = ",", description = "N curve's variables at the base K "
            + "(default: 5,10,20,40,80)")
    private List<Integer> ns;

    @Option(names = "--samples", split = ",", description = "samples curve's S (default: "
            + "1,2,4,8,16)")
    private List<Integer> samples;

    @Option(names = "--steps", description = "timed steps per point (default: 10; --quick 2)")
    private Integer steps;

    @Option(names = "--warmup", description = "untimed steps per point first (default: 5; "
            + "--quick 1)")
    private Integer warmup;

    @Option(names = "--quick", description = "a check that every curve runs: the first two "
            + "values of each curve not given, 2 steps after 1 untimed")
    private boolean quick;

    @Option(names = "--threads", defaultValue = "2",
            description = "threads, BLAS and kernels, and PyTorch's (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--images", description = "IDX image file (.gz or raw); default: synthetic")
    private Path images;

    @Option(names = "--out", defaultValue = "cost-curves",
            description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--pytorch", paramLabel = "PYTHON[:SCRIPT]",
            description = "also run the PyTorch reference script with this Python, e.g. "
                    + "/usr/bin/python3 (script default: "
                    + "benchmarks/pytorch/pytorch_reference.py under the working directory, "
                    + "else $DVAE_PYTORCH_REFERENCE)")
    private String pytorch;

    @Option(names = "--plan", description = "print the points that would be measured (and "
            + "which are already) and exit")
    private boolean planOnly;

    private PrintWriter stdout = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);

    @Override
    public Integer call() throws IOException, InterruptedException {
        int timed = steps != null ? steps : quick ? 2 : 10;
        int untimed = warmup != null ? warmup : quick ? 1 : 5;
        if (timed < 1 || untimed < 0 || threads < 1) {
            throw new IllegalArgumentException("--steps and --threads must be >= 1 and --warmup"
                    + " >= 0, got " + timed + ", " + threads + " and " + untimed);
        }
        VaeArchitecture base = VaeArchitecture.parse(architecture);
        CostPlan plan = new CostPlan(base, batch, estimatorList(base), curveValues());
        PyTorchReference reference = pytorch == null ? null : checked(PyTorchReference.parse(
                pytorch, Path.of("").toAbsolutePath(), System.getenv()));
        if (images != null && !Files.isRegularFile(images)) {
            throw new IllegalArgumentException("--images " + images + " is not a file");
        }
        Path csv = out.resolve(CostTable.FILE);
        CostTable table = CostTable.read(csv);
        RunEnvironment environment = EnvironmentCapture.read().at(Instant.now(), threads, 1);
        Conditions conditions = new Conditions(timed, untimed, threads,
                images == null ? "synthetic" : images.getFileName().toString(),
                environment.cpuModel(), environment.variables().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" ")));
        String machine = CostRecord.machine(conditions.cpu(), conditions.variables());
        if (!table.machines().isEmpty() && !table.machines().equals(Set.of(machine))) {
            // One CPU type's curves are never drawn beside another's (issue 13).
            throw new IllegalArgumentException(csv + " holds points measured on "
                    + String.join(" and ", table.machines()) + "; this machine is " + machine
                    + ": choose another --out");
        }
        List<Task> tasks = tasks(plan, reference, conditions);
        if (planOnly) {
            for (Task t : tasks) {
                stdout.printf(Locale.ROOT, "%s\t%s\t%s%n", describe(t), t.point().architecture(),
                        table.contains(t.record(0, 1)) ? "measured" : "to measure");
            }
            stdout.printf(Locale.ROOT, "%d points, %d by this harness%n", tasks.size(),
                    tasks.stream().filter(t -> t.form() == null).count());
            return 0;
        }
        Files.createDirectories(out);
        String setting = String.format(Locale.ROOT, "Base architecture %s, batch %d (the batch "
                + "curve varies it), Adam 1e-3, %d timed steps after %d untimed per point, %s "
                + "images.", base, batch, timed, untimed, conditions.images());
        measureAll(tasks, table, csv, reference, setting, environment);
        List<String> figures = CostCharts.write(out, table, setting, environment);
        err.printf(Locale.ROOT, "wrote %s, %d figure(s) and index.html in %s%n", CostTable.FILE,
                figures.size(), out);
        return 0;
    }

    /**
     * What every point of a run shares, recorded in each row.
     *
     * @param steps timed steps per point
     * @param warmup untimed steps before them
     * @param threads threads
     * @param images {@code synthetic} or the IDX file's name
     * @param cpu this machine's CPU model
     * @param variables the BLAS variables set, {@code NAME=value} separated by spaces
     */
    record Conditions(int steps, int warmup, int threads, String images, String cpu,
            String variables) {
    }

    /** A point to measure, by this harness ({@code form} null) or by the reference script. */
    record Task(CostPoint point, PyTorchReference.Form form, Conditions conditions) {

        CostRecord record(double millisPerStep, double imagesPerSecond) {
            Conditions c = conditions;
            return new CostRecord(point.axis(), point.label(), form == null ? CostRecord.HARNESS
                    : form.implementation(), point.x(), point.architecture(), point.batch(),
                    c.steps(), c.warmup(), c.threads(), c.images(), c.cpu(), c.variables(),
                    millisPerStep, imagesPerSecond);
        }
    }

    /**
     * Measures the tasks not in {@code table}, adding each row and rewriting {@code csv} after
     * each, and redrawing the figures after each curve.
     */
    private void measureAll(List<Task> tasks, CostTable table, Path csv,
            PyTorchReference reference, String setting, RunEnvironment environment)
            throws IOException, InterruptedException {
        Path referenceImages = null;
        int imageCount = 0;
        if (reference != null && tasks.stream().anyMatch(t -> t.form() != null)) {
            referenceImages = images != null ? images : syntheticIdx(out.resolve(
                    "synthetic-images-idx3-ubyte"));
            imageCount = images != null ? IdxFiles.readImages(images).count()
                    : SYNTHETIC_COUNT;
        }
        List<Task> todo = tasks.stream().filter(t -> !table.contains(t.record(0, 1))).toList();
        err.printf(Locale.ROOT, "cost curves: %d points (%d measured already, %d to measure) "
                + "into %s%n", tasks.size(), tasks.size() - todo.size(), todo.size(), out);
        Set<String> primed = new HashSet<>();
        long start = System.nanoTime();
        CostAxis charted = null;
        for (int i = 0; i < todo.size(); i++) {
            Task t = todo.get(i);
            if (charted != null && t.point().axis() != charted) {
                CostCharts.write(out, table, setting, environment);
            }
            charted = t.point().axis();
            CostRecord r;
            try {
                r = t.form() == null ? measure(t, primed)
                        : measureReference(t, reference, referenceImages, imageCount);
            } catch (IOException e) {
                err.println("  " + describe(t) + ": not measured, " + e.getMessage());
                continue;
            }
            table.add(r);
            table.write(csv);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long eta = Math.round(elapsed / (i + 1) * (todo.size() - i - 1));
            err.printf(Locale.ROOT, "[%d/%d] %s: %.2f ms/step, %.0f images/s, %.1f us/image "
                    + "(eta %s)%n", i + 1, todo.size(), describe(t), r.millisPerStep(),
                    r.imagesPerSecond(), r.microsPerImage(), duration(eta));
        }
    }

    private List<Task> tasks(CostPlan plan, PyTorchReference reference, Conditions conditions) {
        List<Task> tasks = new ArrayList<>();
        Set<String> refused = new LinkedHashSet<>();
        for (CostPoint p : plan.points()) {
            String why = BenchmarkMain.refusal(EstimatorSpec.parse(p.spec()),
                    VaeArchitecture.parse(p.architecture()));
            if (why != null) {
                refused.add(p.spec() + " at " + p.architecture() + ": " + why);
                continue;
            }
            tasks.add(new Task(p, null, conditions));
            if (reference != null) {
                PyTorchReference.forms(p).forEach(f -> tasks.add(new Task(p, f, conditions)));
            }
        }
        refused.forEach(r -> err.println("  left out: " + r));
        return tasks;
    }

    private CostRecord measure(Task t, Set<String> primed) {
        CostPoint p = t.point();
        Conditions c = t.conditions();
        int extra = primed.add(p.label()) ? PRIMING_STEPS : 0;
        ThroughputResult r = ThroughputMeasurement.measure(new ThroughputSettings(images,
                p.spec(), p.architecture(), p.batch(), c.steps(), c.warmup() + extra, threads,
                seed));
        return t.record(r.millisPerStep(), r.imagesPerSecond());
    }

    private CostRecord measureReference(Task t, PyTorchReference reference, Path data, int count)
            throws IOException, InterruptedException {
        Conditions c = t.conditions();
        int batches = Math.max(1, count / t.point().batch());
        double ips = reference.imagesPerSecond(t.form(), data, c.steps(), c.warmup(), threads,
                seed, c.steps() / batches + 2);
        return t.record(t.point().batch() * 1e3 / ips, ips);
    }

    private static String describe(Task t) {
        CostPoint p = t.point();
        return String.format(Locale.ROOT, "%s=%d %s%s", p.axis().id(), p.x(),
                p.label(), t.form() == null ? "" : " [" + t.form().implementation() + "]");
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(),
                d.toMinutesPart()) : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(),
                        d.toSecondsPart());
    }

    private List<String> estimatorList(VaeArchitecture base) {
        List<String> given = estimators == null ? DEFAULT_ESTIMATORS : estimators.stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (given.equals(List.of("all"))) {
            return BenchmarkMain.servingEvery(List.of(base.toString()));
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("--estimators names no estimator");
        }
        for (String s : given) {
            EstimatorSpec.parse(s).provider();
        }
        return given;
    }

    private Map<CostAxis, List<Integer>> curveValues() {
        List<CostAxis> axes = curves == null ? List.of(CostAxis.values())
                : curves.stream().map(CostAxis::parse).distinct().toList();
        Map<CostAxis, List<Integer>> given = new EnumMap<>(CostAxis.class);
        if (batches != null) {
            given.put(CostAxis.BATCH, batches);
        }
        if (ks != null) {
            given.put(CostAxis.K, ks);
        }
        if (ns != null) {
            given.put(CostAxis.N, ns);
        }
        if (samples != null) {
            given.put(CostAxis.SAMPLES, samples);
        }
        Map<CostAxis, List<Integer>> values = new EnumMap<>(CostAxis.class);
        for (CostAxis a : axes) {
            values.put(a, given.getOrDefault(a, quick ? CostPlan.quickDefaults(a)
                    : CostPlan.defaults(a)));
        }
        return values;
    }

    private static PyTorchReference checked(PyTorchReference r) {
        if (!Files.isExecutable(r.python())) {
            throw new IllegalArgumentException("--pytorch interpreter " + r.python()
                    + " is not an executable file");
        }
        if (!Files.isRegularFile(r.script())) {
            throw new IllegalArgumentException("--pytorch script " + r.script()
                    + " is not a file");
        }
        return r;
    }

    /** The synthetic training set, as IDX bytes for the reference script, which reads files. */
    private Path syntheticIdx(Path file) throws IOException {
        float[] pixels = SyntheticImages.generate(seed, SYNTHETIC_COUNT, 1).train();
        int side = SyntheticImages.SIDE;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + pixels.length);
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            o.writeInt(0x803);
            o.writeInt(SYNTHETIC_COUNT);
            o.writeInt(side);
            o.writeInt(side);
            for (float p : pixels) {
                o.writeByte(Math.round(Math.max(0f, Math.min(1f, p)) * 255f));
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
        return file;
    }

    /** Runs the command; exit 2 with one line on bad input. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CostCurves command = new CostCurves();
        command.err = err;
        command.stdout = out;
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("cost-curves: " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof IllegalArgumentException || e instanceof DataFormatException) {
                c.getErr().println("cost-curves: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        OpenBlasThreads.configure();
        // In the JVM the user started: only their command line can add the module.
        VectorApiHint.printIfAbsent("cost-curves", System.err);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err,
                true)));
    }
}

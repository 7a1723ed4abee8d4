package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.anatomy.AnatomyFigure;
import io.github.dvae.benchmarks.anatomy.StepAnatomyRow;
import io.github.dvae.benchmarks.anatomy.StepPhase;
import io.github.dvae.benchmarks.anatomy.StepSamples;
import io.github.dvae.benchmarks.anatomy.ThreadSample;
import io.github.dvae.benchmarks.anatomy.WorkKind;
import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.data.IdxFiles;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.reports.store.RunEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Where a training step's time goes, per estimator: the runner's step (as {@link StepCpuTime}
 * and the throughput command run it) under a JFR recording that samples the stepping thread,
 * each sample charged to a {@link StepPhase} (encoder, decoder evaluations, the estimator's own
 * work, KL, Adam, ...) and a {@link WorkKind} (OpenBLAS products, other native calls, Java
 * kernels), and the measured wall time per step shared out in proportion. Prints a table,
 * and with {@code --out} writes the figure (stacked bars, SVG and PNG) and its CSV.
 *
 * <p>What it cannot see: the other threads' share of the same work (OpenBLAS's second thread,
 * the worker pool's), and time the stepping thread spends parked waiting for them, which falls
 * on the phases in proportion to their samples. Sampling error: a phase of n samples is known to
 * about {@code 1/sqrt(n)} of itself.
 */
@Command(name = "step-anatomy", mixinStandardHelpOptions = true,
        description = "Where a training step's time goes, per estimator (JFR samples of the "
                + "stepping thread by phase and kind of work).")
public final class StepAnatomy implements Callable<Integer> {

    /** The default comparison: issue 13's estimators and its REBAR/RELAX pair. */
    static final List<String> DEFAULT_ESTIMATORS = List.of("reinforce", "reinforce:samples=3",
            "gumbel-softmax", "rebar", "relax");

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SPEC",
            description = "estimator specs (default: reinforce reinforce:samples=3 "
                    + "gumbel-softmax rebar relax)")
    private List<String> estimators = new ArrayList<>();

    @Option(names = "--architecture", defaultValue = "seed",
            description = "preset or written form (default: ${DEFAULT-VALUE})")
    private String architecture;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--threads", defaultValue = "2",
            description = "threads of each run, BLAS and kernels (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--warmup", defaultValue = "60",
            description = "untimed steps first, per estimator (default: ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--rounds", defaultValue = "10",
            description = "rounds, each --steps sampled steps of every estimator in turn "
                    + "(default: ${DEFAULT-VALUE})")
    private int rounds;

    @Option(names = "--steps", defaultValue = "20",
            description = "sampled steps per estimator and round (default: ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--period", defaultValue = "2",
            description = "JFR's sampling period in milliseconds (default: ${DEFAULT-VALUE})")
    private int period;

    @Option(names = "--out", description = "also write step-anatomy.svg, .png and .csv here")
    private Path out;

    @Option(names = "--images", description = "IDX image file (.gz or raw) to train on; "
            + "default: synthetic")
    private Path images;

    @Override
    public Integer call() throws IOException {
        CommandExit.atLeast(spec, "--batch", batch, 1);
        CommandExit.atLeast(spec, "--threads", threads, 1);
        CommandExit.atLeast(spec, "--warmup", warmup, 0);
        CommandExit.atLeast(spec, "--rounds", rounds, 1);
        CommandExit.atLeast(spec, "--steps", steps, 1);
        CommandExit.atLeast(spec, "--period", period, 1);
        List<String> specs = estimators.isEmpty() ? DEFAULT_ESTIMATORS : estimators;
        IdxFiles.Images data = images == null ? null : IdxFiles.readImages(images);
        List<ModelFixture> fixtures = new ArrayList<>();
        List<StepAnatomyRow> rows;
        try {
            for (String s : specs) {
                fixtures.add(data == null ? ModelFixture.synthetic(architecture, s, batch,
                        threads) : new ModelFixture(VaeArchitecture.parse(architecture), s,
                                data.pixels(), data.count(), batch, threads, 1e-3, 1));
            }
            rows = measure(specs, fixtures, spec.commandLine().getErr());
        } finally {
            fixtures.forEach(ModelFixture::close);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        print(stdout, rows);
        if (out != null) {
            Files.createDirectories(out);
            RunEnvironment environment = EnvironmentCapture.read().at(Instant.now(), threads, 1);
            String setting = String.format(Locale.ROOT, "%s, batch %d, %d threads, %d rounds of "
                    + "%d sampled steps per estimator, interleaved, after %d untimed, %s, JFR "
                    + "period %d ms; %s, %s.",
                    architecture, batch, threads, rounds, steps, warmup,
                    images == null ? "synthetic images" : images.getFileName().toString(), period,
                    environment.cpuModel(), environment.variables());
            new AnatomyFigure(rows, setting).figure().writeTo(out);
            stderr.printf(Locale.ROOT, "wrote step-anatomy.svg, .png and .csv in %s%n", out);
        }
        stdout.flush();
        return 0;
    }

    /**
     * The untimed steps, then the interleaved sampled rounds, under one JFR recording; each
     * estimator's samples and wall time per step.
     */
    private List<StepAnatomyRow> measure(List<String> specs, List<ModelFixture> fixtures,
            PrintWriter stderr) throws IOException {
        int n = fixtures.size();
        List<List<Instant[]>> blocks = new ArrayList<>();
        long[] nanos = new long[n];
        long[] taken = new long[n];
        RandomStream rng = RandomStream.of(3);
        stderr.printf(Locale.ROOT, "%s: %d untimed steps each, then %d rounds of %d sampled "
                + "steps, interleaved%n", String.join(", ", specs), warmup, rounds, steps);
        stderr.flush();
        // One recording over everything, JFR's own start-up inside the untimed steps; the
        // estimators interleaved, so that what the process and the machine do over the run
        // falls on all alike (as StepCpuTime's rounds).
        List<ThreadSample> samples = ThreadSample.record(() -> {
            for (int i = 0; i < n; i++) {
                blocks.add(new ArrayList<>());
                for (int s = 0; s < warmup; s++) {
                    fixtures.get(i).step().take(++taken[i], rng);
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < n; i++) {
                    Instant from = Instant.now();
                    long start = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        fixtures.get(i).step().take(++taken[i], rng);
                    }
                    nanos[i] += System.nanoTime() - start;
                    blocks.get(i).add(new Instant[] {from, Instant.now()});
                }
                stderr.printf(Locale.ROOT, "round %d of %d done%n", round + 1, rounds);
                stderr.flush();
            }
        }, Duration.ofMillis(period));
        List<StepAnatomyRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StepSamples counted = StepSamples.of(samples, blocks.get(i));
            if (counted.total() == 0) {
                throw new IllegalArgumentException("JFR took no sample of " + specs.get(i)
                        + "'s steps: run more --steps or a shorter --period");
            }
            rows.add(new StepAnatomyRow(specs.get(i), nanos[i] / 1e6 / rounds / steps, counted));
        }
        return rows;
    }

    private static void print(PrintWriter out, List<StepAnatomyRow> rows) {
        out.printf(Locale.ROOT, "ms per step (wall), shared out by the stepping thread's samples;"
                + " in brackets the part in OpenBLAS products%n");
        out.printf(Locale.ROOT, "%-26s", "phase");
        for (StepAnatomyRow r : rows) {
            out.printf(Locale.ROOT, " %20s", r.estimator());
        }
        out.println();
        for (StepPhase p : StepPhase.values()) {
            out.printf(Locale.ROOT, "%-26s", p.label());
            for (StepAnatomyRow r : rows) {
                out.printf(Locale.ROOT, " %20s", String.format(Locale.ROOT, "%.1f (%.1f)",
                        r.milliseconds(p), r.milliseconds(p, WorkKind.PRODUCTS)));
            }
            out.println();
        }
        out.printf(Locale.ROOT, "%-26s", "step");
        for (StepAnatomyRow r : rows) {
            out.printf(Locale.ROOT, " %20s", String.format(Locale.ROOT, "%.1f (%.1f)",
                    r.stepMilliseconds(), r.milliseconds(WorkKind.PRODUCTS)));
        }
        out.println();
        out.printf(Locale.ROOT, "%-26s", "samples (truncated)");
        for (StepAnatomyRow r : rows) {
            out.printf(Locale.ROOT, " %20s", r.samples().total() + " ("
                    + r.samples().truncated() + ")");
        }
        out.println();
    }

    public static void main(String[] args) {
        CommandExit.run(new StepAnatomy(), args);
    }
}

package io.github.dvae.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What one variance-probe estimate costs against one training step of the same model, batch and
 * estimator: the probe's own {@link GradientVarianceProbe#measure} divided by M, beside
 * {@code Vae.trainStep}, in interleaved rounds (probe, steps, probe, ...), each figure as wall
 * time, as the process's CPU time (all threads: the probe's parallel estimates show as CPU
 * time above wall time; the JIT's and the GC's threads too, in clock ticks) and as the Java
 * threads' CPU time (to the nanosecond; without OpenBLAS's worker threads). Medians over the
 * rounds, after {@code --warmup} untimed ones: with too few, the JIT compiler's threads still
 * compile during the timed rounds and their CPU time shows in the process's figures.
 */
@Command(name = "probe-speed", mixinStandardHelpOptions = true,
        description = "Wall and CPU ms per probe estimate against per training step.")
public final class ProbeSpeed implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "estimator specs to compare")
    private List<String> estimators = new ArrayList<>();

    @Option(names = "--architecture", defaultValue = "seed",
            description = "preset or written form (default: ${DEFAULT-VALUE})")
    private String architecture;

    @Option(names = "--batch", defaultValue = "128",
            description = "batch size of the steps and the probe (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--estimates", defaultValue = "16",
            description = "M, estimates per probe (default: ${DEFAULT-VALUE})")
    private int estimates;

    @Option(names = "--steps", defaultValue = "8",
            description = "training steps per round (default: ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--threads", defaultValue = "2",
            description = "the run's threads: kernels and BLAS (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--rounds", defaultValue = "5",
            description = "timed rounds (default: ${DEFAULT-VALUE})")
    private int rounds;

    @Option(names = "--warmup", defaultValue = "20",
            description = "untimed rounds before them (default: ${DEFAULT-VALUE})")
    private int warmup;

    @Override
    public Integer call() {
        if (batch < 1 || steps < 1 || rounds < 1 || threads < 1 || estimates < 2
                || warmup < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--batch, --steps, --rounds and --threads must be >= 1, --estimates >= 2, "
                            + "--warmup >= 0");
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        ThreadMXBean javaThreads = ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        System.out.printf(Locale.ROOT, "%s, batch %d, %d thread(s), M = %d: ms per estimate "
                + "(probe) and per step (training), medians of %d rounds after %d untimed%n",
                architecture, batch, threads, estimates, rounds, warmup);
        System.out.printf(Locale.ROOT, "%-32s %12s %12s %12s %12s %8s %12s %12s %10s%n",
                "estimator", "estimate", "estimate-cpu", "step", "step-cpu", "ratio",
                "estimate-java", "step-java", "jit-ms");
        for (String spec : estimators) {
            try (ModelFixture f = ModelFixture.synthetic(architecture, spec, batch, threads)) {
                GradientVarianceProbe probe = f.probe(estimates);
                RandomStream rng = RandomStream.of(3);
                double[][] ms = new double[6][rounds];
                long jitStart = 0;
                for (int round = -warmup; round < rounds; round++) {
                    if (round == 0) {
                        jitStart = jit.getTotalCompilationTime();
                    }
                    long wall = System.nanoTime();
                    long cpu = os.getProcessCpuTime();
                    long work = cpuOf(javaThreads);
                    probe.measure(rng.split(), false);
                    double estimateWall = (System.nanoTime() - wall) / 1e6 / estimates;
                    double estimateCpu = (os.getProcessCpuTime() - cpu) / 1e6 / estimates;
                    double estimateWork = (cpuOf(javaThreads) - work) / 1e6 / estimates;
                    wall = System.nanoTime();
                    cpu = os.getProcessCpuTime();
                    work = cpuOf(javaThreads);
                    for (int s = 0; s < steps; s++) {
                        f.model().trainStep(f.batch(), rng);
                    }
                    if (round >= 0) {
                        ms[0][round] = estimateWall;
                        ms[1][round] = estimateCpu;
                        ms[2][round] = (System.nanoTime() - wall) / 1e6 / steps;
                        ms[3][round] = (os.getProcessCpuTime() - cpu) / 1e6 / steps;
                        ms[4][round] = estimateWork;
                        ms[5][round] = (cpuOf(javaThreads) - work) / 1e6 / steps;
                    }
                }
                long jitMs = jit.getTotalCompilationTime() - jitStart;
                double[] median = new double[ms.length];
                for (int i = 0; i < ms.length; i++) {
                    Arrays.sort(ms[i]);
                    median[i] = ms[i][rounds / 2];
                }
                System.out.printf(Locale.ROOT,
                        "%-32s %12.2f %12.2f %12.2f %12.2f %8.2f %12.2f %12.2f %10d%n", spec,
                        median[0], median[1], median[2], median[3], median[0] / median[2],
                        median[4], median[5], jitMs);
            }
        }
        return 0;
    }

    /**
     * The CPU time of the process's Java threads (the run's own and its pool's; not the JIT's,
     * the GC's or OpenBLAS's worker threads), in nanoseconds, precise where the process's figure
     * counts clock ticks: the whole work only where every product runs on one OpenBLAS thread.
     */
    private static long cpuOf(ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    public static void main(String[] args) {
        CommandExit.run(new ProbeSpeed(), args);
    }
}

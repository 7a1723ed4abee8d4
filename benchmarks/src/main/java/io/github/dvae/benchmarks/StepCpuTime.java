package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.random.RandomStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The CPU time of one training step per estimator (the runner's step, batch preparation
 * included), on one thread (kernels and BLAS, set up as the runner sets up a run), in
 * interleaved rounds: estimator A's steps, then B's, ..., then A's again. On a machine that other
 * jobs share, wall time measures them as much as us; the calling thread's CPU time does not
 * (cache and frequency effects remain, which the interleaving spreads evenly over the
 * estimators). So this compares estimators with each other, on a busy machine; JMH and the
 * throughput command measure wall time on a quiet one.
 *
 * <p>With {@code --threads} above 1 it times wall clock instead (the calling thread's CPU time
 * would miss the run's workers), still interleaved in one process: what the process and the
 * machine do to a step over a few seconds then falls on every estimator alike, which separate
 * JMH forks, one per estimator, cannot give (measured on a 2-core AMD EPYC: one estimator's
 * step differed by up to 40% between forks of one jar, 24.5 to 34 ms for
 * {@code reinforce:samples=3}).
 */
@Command(name = "step-cpu-time", mixinStandardHelpOptions = true,
        description = "Median CPU time per training step of each estimator, one thread, "
                + "interleaved rounds; with --threads above 1, median wall time.")
public final class StepCpuTime implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "estimator specs to compare")
    private List<String> estimators = new ArrayList<>();

    @Option(names = "--architecture", defaultValue = "seed",
            description = "preset or written form (default: ${DEFAULT-VALUE})")
    private String architecture;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--steps", defaultValue = "3", description = "steps per round (default: ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--rounds", defaultValue = "5",
            description = "timed rounds, after the --warmup-rounds untimed ones (default: ${DEFAULT-VALUE})")
    private int rounds;

    @Option(names = "--threads", defaultValue = "1",
            description = "threads of each run; above 1, wall time is measured (default: ${DEFAULT-VALUE})")
    private int threadCount;

    @Option(names = "--warmup-rounds", defaultValue = "1",
            description = "untimed rounds first (default: ${DEFAULT-VALUE})")
    private int warmupRounds;

    @Override
    public Integer call() {
        CommandExit.atLeast(spec, "--batch", batch, 1);
        CommandExit.atLeast(spec, "--steps", steps, 1);
        CommandExit.atLeast(spec, "--rounds", rounds, 1);
        CommandExit.atLeast(spec, "--threads", threadCount, 1);
        CommandExit.atLeast(spec, "--warmup-rounds", warmupRounds, 0);
        boolean wall = threadCount > 1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<ModelFixture> fixtures = new ArrayList<>();
        for (String spec : estimators) {
            fixtures.add(ModelFixture.synthetic(architecture, spec, batch, threadCount));
        }
        RandomStream rng = RandomStream.of(3);
        long[] taken = new long[fixtures.size()];
        double[][] milliseconds = new double[fixtures.size()][rounds];
        for (int round = -warmupRounds; round < rounds; round++) {
            for (int i = 0; i < fixtures.size(); i++) {
                ModelFixture f = fixtures.get(i);
                long start = wall ? System.nanoTime() : threads.getCurrentThreadCpuTime();
                for (int s = 0; s < steps; s++) {
                    f.step().take(++taken[i], rng);
                }
                long end = wall ? System.nanoTime() : threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    milliseconds[i][round] = (end - start) / 1e6 / steps;
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, batch %d, %s per step, median of %d rounds of %d "
                + "after %d untimed (min, max)%n", architecture, batch,
                wall ? threadCount + " threads: wall ms" : "one thread: CPU ms", rounds, steps,
                warmupRounds);
        for (int i = 0; i < fixtures.size(); i++) {
            double[] m = milliseconds[i];
            Arrays.sort(m);
            out.printf(Locale.ROOT, "%-40s %8.1f  (%.1f, %.1f)%n", estimators.get(i),
                    m[rounds / 2], m[0], m[rounds - 1]);
            fixtures.get(i).close();
        }
        out.flush();
        return 0;
    }


    public static void main(String[] args) {
        CommandExit.run(new StepCpuTime(), args);
    }
}

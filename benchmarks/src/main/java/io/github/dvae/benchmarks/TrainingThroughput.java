package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ThroughputMeasurement;
import io.github.dvae.benchmarks.throughput.ThroughputResult;
import io.github.dvae.benchmarks.throughput.ThroughputSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a given number of steps and prints {@code images_per_second=<value>} as its last line:
 * the figure to set beside the PyTorch reference script's, on the same IDX file, batch size and
 * thread count. Timing starts after {@code --warmup} steps (JIT compilation, buffer allocation)
 * and covers whole training steps, the runner's own with its thread setup (see
 * {@link ThroughputMeasurement}): batch preparation, forward, estimator, backward, Adam.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Training throughput of one estimator and architecture, in images/s.")
public final class TrainingThroughput implements Callable<Integer> {

    @Option(names = "--images", description = "IDX image file (.gz or raw); default: synthetic")
    private Path images;

    @Option(names = "--estimator", defaultValue = "reinforce",
            description = "estimator spec, e.g. reinforce or gumbel-softmax:tau=1 (default: ${DEFAULT-VALUE})")
    private String estimator;

    @Option(names = "--architecture", defaultValue = "seed",
            description = "preset or written form (default: ${DEFAULT-VALUE})")
    private String architecture;

    @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--steps", defaultValue = "100", description = "timed steps (default: ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--warmup", defaultValue = "10", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "BLAS threads (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    private double learningRate;

    @Override
    public Integer call() {
        ThroughputSettings settings;
        try {
            settings = new ThroughputSettings(images, estimator, architecture, batch, steps,
                    warmup, threads, seed, learningRate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        ThroughputResult result = ThroughputMeasurement.measure(settings);
        System.out.printf(Locale.ROOT, "%s %s batch=%d threads=%d steps=%d: last train ELBO %.2f%n",
                estimator, architecture, batch, threads, steps, result.lastElbo());
        System.out.printf(Locale.ROOT, "images_per_second=%.1f%n", result.imagesPerSecond());
        return 0;
    }

    public static void main(String[] args) {
        CommandExit.run(new TrainingThroughput(), args);
    }
}

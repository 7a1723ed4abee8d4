package io.github.dvae.benchmarks;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.DataFormatException;
import io.github.dvae.core.data.IdxFiles;
import io.github.dvae.core.data.SyntheticImages;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.core.tensor.WorkerPool;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a given number of steps and prints {@code images_per_second=<value>} as its last line:
 * the figure to set beside the PyTorch reference script's, on the same IDX file, batch size and
 * thread count. Timing starts after {@code --warmup} steps (JIT compilation, buffer allocation)
 * and covers whole training steps: batch preparation, forward, estimator, backward, Adam.
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

    @Override
    public Integer call() {
        if (batch < 1 || steps < 1 || warmup < 0 || threads < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--batch, --steps and --threads must be >= 1 and --warmup >= 0");
        }
        Nd4j.factory().blas().setMaxThreads(threads);
        float[] pixels;
        int count;
        if (images == null) {
            var d = SyntheticImages.generate(seed, 10_000, 1);
            pixels = d.train();
            count = d.trainSize();
        } else {
            IdxFiles.Images im = IdxFiles.readImages(images);
            pixels = im.pixels();
            count = im.count();
        }
        VaeArchitecture arch = VaeArchitecture.parse(architecture);
        EstimatorSpec spec = EstimatorSpec.parse(estimator);
        var config = new EstimatorConfig(arch.latent(), arch.dataWidth(), DataType.FLOAT, seed,
                spec.options());
        EstimatorProvider provider = spec.provider();
        WorkerPool workers = new WorkerPool(threads);
        Vae vae = new Vae(arch, provider.create(config), Adam.Settings.of(1e-3), DataType.FLOAT,
                RandomStream.of(seed), workers);
        RandomStream rng = RandomStream.of(seed + 1);
        INDArray x = Nd4j.create(DataType.FLOAT, batch, arch.dataWidth());
        ElementView xv = ElementView.of(x);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        int perEpoch = count / batch;
        long start = 0;
        double elbo = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = System.nanoTime();
            }
            int b = s % perEpoch;
            if (b == 0) {
                rng.shuffle(order);
            }
            Binarisation.THRESHOLD.apply(pixels, arch.dataWidth(), order, b * batch, batch, xv,
                    rng);
            elbo = vae.trainStep(x, rng).elbo();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s %s batch=%d threads=%d steps=%d: last train ELBO %.2f%n",
                estimator, arch, batch, threads, steps, elbo);
        workers.close();
        System.out.printf(Locale.ROOT, "images_per_second=%.1f%n", steps * (double) batch / seconds);
        return 0;
    }


    public static void main(String[] args) {
        OpenBlasThreads.configure();
        CommandLine cli = new CommandLine(new TrainingThroughput());
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof IllegalArgumentException || e instanceof DataFormatException) {
                c.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}

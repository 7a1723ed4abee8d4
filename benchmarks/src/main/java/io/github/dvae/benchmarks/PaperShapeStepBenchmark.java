package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.random.RandomStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One training step at the papers' shapes, each with its own batch size: the presets'
 * architectures, where a step is small enough (batch 50 to 200, 200 units or 20 x 10) that fixed
 * costs (ND4J calls, handing work to threads, allocation) weigh as much as the products. Run with
 * {@code -prof gc} for the bytes allocated per step.
 *
 * <p>{@code shape} is {@code architecture@batch}. {@code reinforce-loo} is leave-one-out
 * REINFORCE with two samples on the Bernoulli shapes (DisARM's two decoder evaluations) and four
 * on the categorical ones (issue 14's PyTorch reference); other estimator specs pass as written
 * ({@code -p method=disarm -p shape=disarm-nonlinear@50}).
 */
public class PaperShapeStepBenchmark extends AbstractBenchmark {

    @Param({"disarm-linear@50", "disarm-nonlinear@50", "categorical-nonlinear@200", "jang@100"})
    public String shape;

    /**
     * Named {@code method}, not {@code estimator}: {@code BenchmarkMain} fills every
     * {@code estimator} parameter with all providers' ids, and most of them do not serve every
     * shape here (categorical-only estimators on Bernoulli units).
     */
    @Param({"reinforce-loo", "gumbel-softmax", "st-gumbel-softmax"})
    public String method;

    @Param({"2"})
    public int threads;

    private ModelFixture fixture;
    private RandomStream rng;
    /** Steps taken so far: the runner counts from 1, shuffling at each pass's first. */
    private long taken;

    @Setup
    public void setUp() {
        int at = shape.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("shape '" + shape
                    + "' must be architecture@batch, e.g. disarm-nonlinear@50");
        }
        String architecture = shape.substring(0, at);
        int batch = Integer.parseInt(shape.substring(at + 1));
        String spec = method;
        if (spec.equals("reinforce-loo")) {
            boolean bernoulli = architecture.startsWith("disarm");
            spec = "reinforce:baseline=loo,samples=" + (bernoulli ? 2 : 4);
        }
        fixture = ModelFixture.synthetic(architecture, spec, batch, threads);
        rng = RandomStream.of(3);
    }

    @TearDown
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public void trainStep(Blackhole bh) {
        bh.consume(fixture.step().take(++taken, rng));
    }
}

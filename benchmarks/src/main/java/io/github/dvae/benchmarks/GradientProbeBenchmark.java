package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a gradient-variance probe does at each checkpoint, through the probe's own code
 * ({@link io.github.dvae.experiments.probe.GradientVarianceProbe#measure}): M independent
 * estimates of every parameter's gradient at frozen parameters on one minibatch, each from its own
 * split stream, drawn side by side on the run's threads, and their per-coordinate moments. One
 * operation is one probe: divide by {@code estimates} for the cost of one estimate.
 */
public class GradientProbeBenchmark extends AbstractBenchmark {

    @Param({"small"})
    public String architecture;

    /** Every provider serving the architecture, from {@link BenchmarkMain}; or {@code -p}. */
    @Param({})
    public String estimator;

    @Param({"16"})
    public int estimates;

    @Param({"128"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private ModelFixture fixture;
    private GradientVarianceProbe probe;
    private RandomStream rng;

    @Setup
    public void setUp() {
        fixture = ModelFixture.synthetic(architecture, estimator, batch, threads);
        probe = fixture.probe(estimates);
        rng = RandomStream.of(7);
    }

    @TearDown
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public void independentEstimates(Blackhole bh) {
        bh.consume(probe.measure(rng.split(), false));
    }
}

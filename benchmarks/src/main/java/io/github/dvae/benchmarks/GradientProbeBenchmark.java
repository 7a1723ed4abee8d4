package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.random.RandomStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a gradient-variance probe does at each checkpoint: M independent estimates of every
 * parameter's gradient at frozen parameters on one minibatch, each from its own split stream.
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

    private ModelFixture fixture;
    private RandomStream rng;

    @Setup
    public void setUp() {
        fixture = ModelFixture.synthetic(architecture, estimator, batch, 2);
        rng = RandomStream.of(7);
    }

    @TearDown
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public void independentEstimates(Blackhole bh) {
        for (int m = 0; m < estimates; m++) {
            bh.consume(fixture.model().gradientEstimate(fixture.batch(), rng.split(),
                    fixture.estimator(), false));
        }
    }
}

package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.random.RandomStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One training step per estimator and architecture, the runner's own (batch preparation, forward,
 * estimator, backward, Adam; threads set up as a run's): the unit every sweep repeats millions of
 * times. Divide the batch size by the time for images per second.
 *
 * <p>The baseline draws a posterior sample only, through the same model, so the gap between it
 * and a full step is what the estimator and the backward pass cost.
 */
public class TrainingStepBenchmark extends AbstractBenchmark {

    @Param({"small", "seed"})
    public String architecture;

    /** Every provider serving the architecture, from {@link BenchmarkMain}; or {@code -p}. */
    @Param({})
    public String estimator;

    @Param({"128"})
    public int batch;

    @Param({"2"})
    public int threads;

    private ModelFixture fixture;
    private RandomStream rng;
    /** Steps taken so far: the runner counts from 1, shuffling at each pass's first. */
    private long taken;

    @Setup
    public void setUp() {
        fixture = ModelFixture.synthetic(architecture, estimator, batch, threads);
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

    @Benchmark
    public void baselineReconstruction(Blackhole bh) {
        bh.consume(fixture.model().reconstruct(fixture.batch(), rng));
    }
}

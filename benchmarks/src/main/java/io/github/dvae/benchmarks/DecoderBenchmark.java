package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.throughput.ModelFixture;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.model.DecoderObjective;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The decoder and its Bernoulli likelihood, forward alone and forward with backward, fed either a
 * hard one-hot sample (its first layer a gather of N weight rows, its weight gradient a
 * scatter-add) or a dense relaxed sample of the same size (a full matrix product). The gap is
 * what the gather saves hard-sample estimators.
 */
public class DecoderBenchmark extends AbstractBenchmark {

    @Param({"small", "seed"})
    public String architecture;

    @Param({"128"})
    public int rows;

    private ModelFixture fixture;
    private DecoderObjective objective;
    private DecoderInput oneHot;
    private DecoderInput dense;
    private double[] weights;

    @Setup
    public void setUp() {
        fixture = ModelFixture.synthetic(architecture, "reinforce", rows, 2);
        objective = new DecoderObjective(fixture.model().decoder(), DataType.FLOAT,
                fixture.workers()).bind(fixture.batch(), -1.0 / rows);
        int n = fixture.architecture().latent().variables();
        int k = fixture.architecture().latent().classes();
        RandomStream rng = RandomStream.of(5);
        int[] codes = new int[rows * n];
        INDArray z = Nd4j.zeros(DataType.FLOAT, rows, n * k);
        ElementView zv = ElementView.of(z);
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < n; v++) {
                codes[r * n + v] = rng.nextInt(k);
                zv.set(r * n * k + v * k + codes[r * n + v], 1.0);
            }
        }
        oneHot = new DecoderInput.OneHot(codes, rows, n, k);
        dense = new DecoderInput.Dense(z);
        weights = new double[rows];
        Arrays.fill(weights, 1.0);
    }

    @TearDown
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public void forwardOneHot(Blackhole bh) {
        bh.consume(objective.values(oneHot));
    }

    @Benchmark
    public void forwardDense(Blackhole bh) {
        bh.consume(objective.values(dense));
    }

    @Benchmark
    public void forwardBackwardOneHot(Blackhole bh) {
        bh.consume(objective.differentiate(oneHot, weights, Objective.Target.PARAMETERS));
    }

    @Benchmark
    public void forwardBackwardDense(Blackhole bh) {
        bh.consume(objective.differentiate(dense, weights, Objective.Target.BOTH));
    }
}

package io.github.dvae.estimators.gumbel;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.GroupSoftmax;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.latent.SoftmaxJacobian;
import io.github.dvae.core.likelihood.BernoulliLikelihood;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gumbel-Softmax / Concrete: {@code y = softmax((l + g) / tau)} with Gumbel noise g, and the
 * gradient through y, {@code d y_k / d l_j = y_k (delta_kj - y_j) / tau}. Relaxed: the decoder
 * reads y. Straight-through ({@code hard}): the decoder reads {@code onehot(argmax y)}, a true
 * categorical sample, and the backward pass treats it as y. One decoder evaluation per example.
 *
 * <p>On Bernoulli units the same estimator is the binary Concrete (Maddison et al. 2017, section
 * 3.3): with logistic noise {@code L = log u - log(1 - u)}, {@code y = sigmoid((l + L) / tau)},
 * {@code d y / d l = y (1 - y) / tau}; the hard sample is {@code 1[l + L > 0]}, a
 * {@code Bernoulli(sigmoid(l))} draw. It is the two-class Gumbel-Softmax written on one logit (the
 * difference of two Gumbels is logistic).
 */
final class GumbelSoftmaxEstimator implements GradientEstimator {

    /**
     * Latent variables per piece of parallel work; each piece draws its noise from its own stream,
     * split in piece order, so estimates do not depend on the number of threads.
     */
    private static final int GROUPS_PER_PIECE = 64;

    private final LatentSpec spec;
    private final boolean hard;
    private final TemperatureSchedule schedule;
    private final DiscreteFamily family;
    private final Workspace workspace;
    private double temperature;

    GumbelSoftmaxEstimator(LatentSpec spec, boolean hard, TemperatureSchedule schedule,
            DataType type) {
        this.spec = spec;
        this.hard = hard;
        this.schedule = schedule;
        this.family = DiscreteFamily.of(spec, type);
        this.workspace = new Workspace(type);
        this.temperature = schedule.tau0();
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        int n = spec.variables();
        int k = spec.classes();
        int groups = batch * n;
        double tau = schedule.at(input.step());
        if (input.updateState()) {
            temperature = tau;
        }
        if (spec.bernoulli()) {
            return estimateBinary(input, f, rng, tau);
        }
        ElementView l = ElementView.of(logits);
        INDArray relaxed = workspace.get("relaxed", batch, n * k);
        ElementView y = ElementView.of(relaxed);
        int[] codes = new int[groups];
        int pieces = (groups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
        RandomStream[] streams = new RandomStream[pieces];
        for (int p = 0; p < pieces; p++) {
            streams[p] = rng.split();
        }
        input.workers().forEach(pieces, p -> {
            int from = p * GROUPS_PER_PIECE;
            int to = Math.min(groups, from + GROUPS_PER_PIECE);
            int len = (to - from) * k;
            double[] v = KernelScratch.doubles(0, len);
            double[] noise = KernelScratch.doubles(1, len);
            l.copyTo(from * k, v, 0, len);
            streams[p].fillGumbel(noise, 0, len);
            double inverseTau = 1.0 / tau;
            for (int i = 0; i < len; i++) {
                v[i] = (v[i] + noise[i]) * inverseTau;
            }
            // The hard sample argmax(l + g) (the straight-through decoder's input) from the
            // group maxima the softmax finds anyway.
            GroupSoftmax.inPlace(v, 0, len, k, hard ? codes : null, from);
            y.write(from * k, v, 0, len);
        });
        DecoderInput z = hard ? new DecoderInput.OneHot(codes, batch, n, k)
                : new DecoderInput.Dense(relaxed);
        double[] ones = new double[batch];
        Arrays.fill(ones, 1.0);
        Objective.Evaluation e = f.differentiate(z, ones, Objective.Target.BOTH);
        ElementView dz = ElementView.of(e.inputGradient());
        INDArray gradient = workspace.get("gradient", batch, n * k);
        ElementView out = ElementView.of(gradient);
        input.workers().forEach(pieces, p -> {
            int from = p * GROUPS_PER_PIECE;
            int to = Math.min(groups, from + GROUPS_PER_PIECE);
            int len = (to - from) * k;
            double[] yy = KernelScratch.doubles(0, len);
            double[] d = KernelScratch.doubles(1, len);
            y.copyTo(from * k, yy, 0, len);
            dz.copyTo(from * k, d, 0, len);
            SoftmaxJacobian.backward(yy, 0, d, 0, len, k, 1.0 / tau);
            out.write(from * k, d, 0, len);
        });
        return new EstimatorStep(gradient, e.values());
    }

    /** The binary Concrete on Bernoulli units; pieces and streams as the categorical path's. */
    private EstimatorStep estimateBinary(EstimatorInput input, Objective f, RandomStream rng,
            double tau) {
        int batch = input.examples();
        int n = spec.variables();
        int units = batch * n;
        ElementView l = ElementView.of(input.encoderOutput());
        INDArray relaxed = workspace.get("relaxed", batch, n);
        ElementView y = ElementView.of(relaxed);
        int[] bits = new int[units];
        int pieces = (units + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
        RandomStream[] streams = new RandomStream[pieces];
        for (int p = 0; p < pieces; p++) {
            streams[p] = rng.split();
        }
        double inverseTau = 1.0 / tau;
        input.workers().forEach(pieces, p -> {
            int from = p * GROUPS_PER_PIECE;
            int len = Math.min(units, from + GROUPS_PER_PIECE) - from;
            double[] v = KernelScratch.doubles(0, len);
            l.copyTo(from, v, 0, len);
            for (int i = 0; i < len; i++) {
                double u = streams[p].nextOpenDouble();
                double a = v[i] + Math.log(u) - Math.log1p(-u);
                bits[from + i] = a > 0 ? 1 : 0;
                v[i] = BernoulliLikelihood.sigmoid(a * inverseTau);
            }
            y.write(from, v, 0, len);
        });
        DecoderInput z = hard ? new DecoderInput.Bits(bits, batch, n)
                : new DecoderInput.Dense(relaxed);
        double[] ones = new double[batch];
        Arrays.fill(ones, 1.0);
        Objective.Evaluation e = f.differentiate(z, ones, Objective.Target.BOTH);
        ElementView dz = ElementView.of(e.inputGradient());
        INDArray gradient = workspace.get("gradient", batch, n);
        ElementView out = ElementView.of(gradient);
        input.workers().forEach(pieces, p -> {
            int from = p * GROUPS_PER_PIECE;
            int len = Math.min(units, from + GROUPS_PER_PIECE) - from;
            double[] yy = KernelScratch.doubles(0, len);
            double[] d = KernelScratch.doubles(1, len);
            y.copyTo(from, yy, 0, len);
            dz.copyTo(from, d, 0, len);
            for (int i = 0; i < len; i++) {
                d[i] *= yy[i] * (1 - yy[i]) * inverseTau;
            }
            out.write(from, d, 0, len);
        });
        return new EstimatorStep(gradient, e.values());
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("tau", temperature);
    }

    @Override
    public void saveState(StateOutput out) throws IOException {
        out.writeDouble("gumbel-softmax.temperature", temperature);
    }

    @Override
    public void restoreState(StateInput in) throws IOException {
        temperature = in.readDouble("gumbel-softmax.temperature");
    }
}

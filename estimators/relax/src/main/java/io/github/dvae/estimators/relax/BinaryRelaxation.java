package io.github.dvae.estimators.relax;

import io.github.dvae.core.latent.BernoulliFamily;
import io.github.dvae.core.latent.BernoulliPosterior;
import io.github.dvae.core.latent.ConditionalLogistic;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * N Bernoulli units, REBAR's binary form (Tucker et al. 2017; RELAX's own experiments): z, b and
 * z~ from {@link ConditionalLogistic}, relaxation {@code y = sigmoid(z / lambda)} (the paper's
 * {@code sigma_lambda}), score {@code b - theta}, chain rule
 * {@code dh/dl = s y (1 - y) / lambda dh/dy} ({@code s = dz~/dl}, 1 for z), which is its own
 * adjoint up to the transposition of a diagonal.
 */
final class BinaryRelaxation implements Relaxation {

    private final int variables;
    private final BernoulliFamily family;
    private final BernoulliPosterior posterior;
    private int capacity = -1;
    private int[] codes;
    private double[] perturbed;
    private double[] conditional;
    private double[] slope;

    BinaryRelaxation(BernoulliFamily family) {
        this.variables = family.spec().variables();
        this.family = family;
        // The family's own work buffer: the model's KL then reuses this step's sigmoid.
        this.posterior = family.posterior();
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public int width() {
        return variables;
    }

    @Override
    public void update(INDArray logits, int batch, WorkerPool workers) {
        posterior.update(ElementView.of(logits), batch, workers);
    }

    @Override
    public void draw(int batch, double inverseTemperature, RandomStream rng,
            ElementView relaxed, WorkerPool workers) {
        int n = batch * variables;
        if (batch > capacity) {
            codes = new int[n];
            perturbed = new double[n];
            conditional = new double[n];
            slope = new double[n];
            capacity = batch;
        }
        ConditionalLogistic.draw(posterior.logits(), n, rng, codes, perturbed, conditional,
                slope);
        ConditionalLogistic.relax(perturbed, n, inverseTemperature, relaxed, 0);
        ConditionalLogistic.relax(conditional, n, inverseTemperature, relaxed, n);
    }

    @Override
    public DecoderInput hard(int batch) {
        return posterior.decoderInput(codes, batch);
    }

    /** Pieces of a few hundred units keep the per-example work in the first-level cache. */
    @Override
    public int piece() {
        return Math.min(variables, 256);
    }

    @Override
    public void score(int b, int from, int length, double[] out, int outFrom) {
        double[] p = posterior.probabilities();
        int first = b * variables + from;
        for (int n = 0; n < length; n++) {
            out[outFrom + n] = codes[first + n] - p[first + n];
        }
    }

    @Override
    public void addToLogits(int b, int from, int length, boolean tilde,
            double inverseTemperature, double[] y, int yFrom, double[] d, int dFrom, double scale,
            double[] out, int outFrom) {
        int first = b * variables + from;
        for (int n = 0; n < length; n++) {
            double yn = y[yFrom + n];
            double s = tilde ? slope[first + n] : 1.0;
            out[outFrom + n] += scale * s * yn * (1 - yn) * inverseTemperature * d[dFrom + n];
        }
    }

    @Override
    public void adjoint(int b, int from, int length, boolean tilde, double inverseTemperature,
            double[] y, int yFrom, double[] u, int uFrom) {
        int first = b * variables + from;
        for (int n = 0; n < length; n++) {
            double yn = y[yFrom + n];
            double s = tilde ? slope[first + n] : 1.0;
            u[uFrom + n] *= s * yn * (1 - yn) * inverseTemperature;
        }
    }
}

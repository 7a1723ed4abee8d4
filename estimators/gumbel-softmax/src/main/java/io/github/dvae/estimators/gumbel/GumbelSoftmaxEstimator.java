package io.github.dvae.estimators.gumbel;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gumbel-Softmax / Concrete: {@code y = softmax((l + g) / tau)} with Gumbel noise g, and the
 * gradient through y, {@code d y_k / d l_j = y_k (delta_kj - y_j) / tau}. Relaxed: the decoder
 * reads y. Straight-through ({@code hard}): the decoder reads {@code onehot(argmax y)}, a true
 * categorical sample, and the backward pass treats it as y. One decoder evaluation per example.
 */
final class GumbelSoftmaxEstimator implements GradientEstimator {

    private final LatentSpec spec;
    private final boolean hard;
    private final TemperatureSchedule schedule;
    private final CategoricalFamily family;
    private double temperature;

    GumbelSoftmaxEstimator(LatentSpec spec, boolean hard, TemperatureSchedule schedule) {
        this.spec = spec;
        this.hard = hard;
        this.schedule = schedule;
        this.family = new CategoricalFamily(spec);
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
        double tau = schedule.at(input.step());
        if (input.updateState()) {
            temperature = tau;
        }
        ElementView l = ElementView.of(logits);
        INDArray relaxed = logits.ulike();
        ElementView y = ElementView.of(relaxed);
        int[] codes = hard ? new int[batch * n] : null;
        for (int group = 0; group < batch * n; group++) {
            int base = group * k;
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < k; c++) {
                double v = (l.get(base + c) + rng.nextGumbel()) / tau;
                y.set(base + c, v);
                if (v > max) {
                    max = v;
                    argmax = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(y.get(base + c) - max);
                y.set(base + c, e);
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                y.set(base + c, y.get(base + c) / sum);
            }
            if (codes != null) {
                codes[group] = argmax;
            }
        }
        DecoderInput z = hard ? new DecoderInput.OneHot(codes, batch, n, k)
                : new DecoderInput.Dense(relaxed);
        double[] ones = new double[batch];
        java.util.Arrays.fill(ones, 1.0);
        Objective.Evaluation e = f.differentiate(z, ones, Objective.Target.BOTH);
        ElementView dz = ElementView.of(e.inputGradient());
        INDArray gradient = logits.ulike();
        ElementView g = ElementView.of(gradient);
        for (int group = 0; group < batch * n; group++) {
            int base = group * k;
            double dot = 0;
            for (int c = 0; c < k; c++) {
                dot += y.get(base + c) * dz.get(base + c);
            }
            for (int c = 0; c < k; c++) {
                g.set(base + c, y.get(base + c) * (dz.get(base + c) - dot) / tau);
            }
        }
        return new EstimatorStep(gradient, e.values());
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("tau", temperature);
    }
}

package io.github.dvae.estimators.reinforce;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code (1/S) sum_s (f(z_s) - c_s) (onehot(z_s) - softmax(l))} with {@code z_s ~ q(z|x)}; the
 * decoder is trained at the hard samples with weight {@code 1/S} each. Cost: S decoder
 * evaluations per example, all S batched into one call.
 */
final class ReinforceEstimator implements GradientEstimator {

    private final LatentSpec spec;
    private final Baseline baseline;
    private final int samples;
    private final double decay;
    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;
    private final Workspace workspace;
    private double movingAverage;
    private boolean movingAverageStarted;

    ReinforceEstimator(LatentSpec spec, Baseline baseline, int samples, double decay,
            DataType type) {
        this.spec = spec;
        this.baseline = baseline;
        this.samples = samples;
        this.decay = decay;
        this.family = new CategoricalFamily(spec);
        this.posterior = family.posterior();
        this.workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        int rows = samples * batch;
        posterior.update(ElementView.of(logits), batch, input.workers());
        int[] codes = new int[rows * spec.variables()];
        for (int s = 0; s < samples; s++) {
            posterior.sample(rng, codes, s * batch);
        }
        double[] weights = new double[rows];
        java.util.Arrays.fill(weights, 1.0 / samples);
        DecoderInput z = new DecoderInput.OneHot(codes, rows, spec.variables(), spec.classes());
        double[] values = f.differentiate(z, weights, Objective.Target.PARAMETERS).values();

        double[] coefficients = new double[rows];
        double[] objective = new double[batch];
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double sum = 0;
            for (int s = 0; s < samples; s++) {
                sum += values[s * batch + b];
            }
            objective[b] = sum / samples;
            total += sum;
            for (int s = 0; s < samples; s++) {
                double v = values[s * batch + b];
                double c = switch (baseline) {
                    case NONE -> 0.0;
                    case EMA -> movingAverageStarted ? movingAverage : 0.0;
                    case LOO -> (sum - v) / (samples - 1);
                };
                coefficients[s * batch + b] = (v - c) / samples;
            }
        }
        INDArray gradient = workspace.get("gradient", batch, spec.oneHotWidth());
        ElementView g = ElementView.of(gradient);
        g.fill(0.0);
        for (int s = 0; s < samples; s++) {
            posterior.addScoreGradient(codes, s * batch, coefficients, g);
        }
        if (baseline == Baseline.EMA && input.updateState()) {
            double mean = total / rows;
            movingAverage = movingAverageStarted ? decay * movingAverage + (1 - decay) * mean : mean;
            movingAverageStarted = true;
        }
        return new EstimatorStep(gradient, objective);
    }

    @Override
    public Map<String, Double> diagnostics() {
        return baseline == Baseline.EMA ? Map.of("baseline", movingAverage) : Map.of();
    }
}

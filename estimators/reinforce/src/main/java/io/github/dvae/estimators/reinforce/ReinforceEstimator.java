package io.github.dvae.estimators.reinforce;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.DiscretePosterior;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code (1/S) sum_s (f(z_s) - c_s) score(z_s) / scale} with {@code z_s ~ q(z|x)} and the score
 * {@code d log q(z_s) / d l}: {@code onehot(z_s) - softmax(l)} for categorical latents,
 * {@code b_s - sigmoid(l)} for Bernoulli units; the decoder is trained at the hard samples with
 * weight {@code 1/S} each.
 * The baseline {@code c_s} never depends on {@code z_s} (LOO uses the other samples, EMA and
 * LEARNED past batches and {@code x}), which is what keeps the estimate unbiased; scale is 1
 * except under NVIL's variance normalisation. Cost: S decoder evaluations per example, all S
 * batched into one call; the learned baseline adds one small MLP pass on x.
 */
final class ReinforceEstimator implements GradientEstimator {

    private final LatentSpec spec;
    private final Baseline baseline;
    private final int samples;
    private final double decay;
    private final DiscreteFamily family;
    private final DiscretePosterior posterior;
    private final LearnedBaseline learned;
    private final Workspace workspace;
    private double movingAverage;
    // Work arrays reused across steps (the decoder input holds codes only within a step).
    private int[] codes = new int[0];
    private double[] weights = new double[0];
    private double[] coefficients = new double[0];
    private boolean movingAverageStarted;

    /**
     * @param learned the NVIL baseline, present exactly when {@code baseline == LEARNED}
     */
    ReinforceEstimator(LatentSpec spec, Baseline baseline, int samples, double decay,
            LearnedBaseline learned, DataType type) {
        if ((baseline == Baseline.LEARNED) != (learned != null)) {
            throw new IllegalArgumentException("a learned baseline goes with baseline=learned");
        }
        this.spec = spec;
        this.baseline = baseline;
        this.samples = samples;
        this.decay = decay;
        this.family = DiscreteFamily.of(spec, type);
        this.posterior = family.posterior();
        this.learned = learned;
        this.workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    /** The NVIL baseline, or null: for tests that read its predictions. */
    LearnedBaseline learnedBaseline() {
        return learned;
    }

    @Override
    public List<Parameter> parameters() {
        return learned == null ? List.of() : learned.parameters();
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        int rows = samples * batch;
        posterior.update(ElementView.of(logits), batch, input.workers());
        if (codes.length < rows * spec.variables()) {
            codes = new int[rows * spec.variables()];
        }
        posterior.sample(rng, codes, 0, samples, input.workers());
        if (weights.length != rows) {
            weights = new double[rows];
            java.util.Arrays.fill(weights, 1.0 / samples);
        }
        DecoderInput z = posterior.decoderInput(codes, rows);
        double[] values = f.differentiate(z, weights, Objective.Target.PARAMETERS).values();

        double[] predicted = null;
        double scale = 1.0;
        if (learned != null) {
            predicted = new double[batch];
            learned.predict(input.data(), predicted);
            scale = learned.scale();
        }
        if (coefficients.length < rows) {
            coefficients = new double[rows];
        }
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
                    case LEARNED -> predicted[b];
                };
                coefficients[s * batch + b] = (v - c) / (samples * scale);
            }
        }
        INDArray gradient = workspace.get("logit-gradient", batch, family.encoderWidth());
        posterior.setScoreGradient(codes, 0, samples, coefficients, ElementView.of(gradient),
                input.workers());
        if (input.updateState()) {
            if (baseline == Baseline.EMA) {
                double mean = total / rows;
                movingAverage = movingAverageStarted
                        ? decay * movingAverage + (1 - decay) * mean : mean;
                movingAverageStarted = true;
            } else if (learned != null) {
                learned.learn(values, samples, batch);
            }
        }
        return new EstimatorStep(gradient, objective);
    }

    @Override
    public Map<String, Double> diagnostics() {
        if (baseline == Baseline.EMA) {
            return Map.of("baseline", movingAverage);
        }
        if (learned == null) {
            return Map.of();
        }
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("baseline-mean", learned.runningMean());
        d.put("signal-std", learned.signalStandardDeviation());
        d.put("signal-scale", learned.scale());
        if (Double.isFinite(learned.lastSquaredError())) {
            d.put("baseline-squared-error", learned.lastSquaredError());
        }
        return Map.copyOf(d);
    }

    @Override
    public void saveState(StateOutput out) throws IOException {
        out.writeDouble("reinforce.moving-average", movingAverage);
        out.writeBoolean("reinforce.moving-average-started", movingAverageStarted);
        if (learned != null) {
            learned.saveState(out);
        }
    }

    @Override
    public void restoreState(StateInput in) throws IOException {
        movingAverage = in.readDouble("reinforce.moving-average");
        movingAverageStarted = in.readBoolean("reinforce.moving-average-started");
        if (learned != null) {
            learned.restoreState(in);
        }
    }
}

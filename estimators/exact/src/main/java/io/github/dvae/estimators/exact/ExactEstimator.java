package io.github.dvae.estimators.exact;

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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code d/dl E_q[f] = sum_c f(c) q(c) (onehot(c) - softmax(l))}, summed over every configuration
 * c, and the decoder gradient {@code sum_c q(c) d f(c) / d theta}, through the objective with
 * weights {@code q(c)}. Configurations are evaluated in blocks of rows, so memory stays bounded.
 */
final class ExactEstimator implements GradientEstimator {

    /** Rows per objective call: enough to amortise per-call costs, few enough to bound memory. */
    private static final int ROWS_PER_CALL = 4096;

    private final LatentSpec spec;
    private final int configurations;
    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;

    ExactEstimator(LatentSpec spec, int configurations) {
        this.spec = spec;
        this.configurations = configurations;
        this.family = new CategoricalFamily(spec);
        this.posterior = new CategoricalPosterior(spec);
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
        posterior.update(ElementView.of(logits), batch);
        double[] expected = new double[batch];
        double[] byClass = new double[batch * n * k];
        int perCall = Math.max(1, ROWS_PER_CALL / batch);
        int[] codes = new int[perCall * batch * n];
        double[] weights = new double[perCall * batch];
        for (int first = 0; first < configurations; first += perCall) {
            int count = Math.min(perCall, configurations - first);
            for (int c = 0; c < count; c++) {
                int config = first + c;
                for (int b = 0; b < batch; b++) {
                    int row = c * batch + b;
                    int rest = config;
                    for (int v = 0; v < n; v++) {
                        codes[row * n + v] = rest % k;
                        rest /= k;
                    }
                    weights[row] = Math.exp(posterior.logProbabilityOf(codes, row, b));
                }
            }
            DecoderInput z = new DecoderInput.OneHot(codes, count * batch, n, k);
            double[] values = f.differentiate(z, weights, Objective.Target.PARAMETERS).values();
            for (int c = 0; c < count; c++) {
                for (int b = 0; b < batch; b++) {
                    int row = c * batch + b;
                    double wf = weights[row] * values[row];
                    expected[b] += wf;
                    for (int v = 0; v < n; v++) {
                        byClass[(b * n + v) * k + codes[row * n + v]] += wf;
                    }
                }
            }
        }
        INDArray gradient = logits.ulike();
        ElementView g = ElementView.of(gradient);
        double[] p = posterior.probabilities();
        for (int b = 0; b < batch; b++) {
            for (int i = b * n * k; i < (b + 1) * n * k; i++) {
                g.set(i, byClass[i] - p[i] * expected[b]);
            }
        }
        return new EstimatorStep(gradient, expected);
    }
}

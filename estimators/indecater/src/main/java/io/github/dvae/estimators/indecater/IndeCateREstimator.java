package io.github.dvae.estimators.indecater;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.BernoulliPosterior;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.DiscretePosterior;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.latent.SoftmaxJacobian;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * IndeCateR for N categorical variables of K classes (logits {@code B x (N * K)}) or N Bernoulli
 * units (logits {@code B x N}, K = 2 codes): an unbiased estimate of {@code d E_q[f] / d l} of
 * the logits' shape.
 *
 * <p>Since {@code q} factorises and {@code l_i} moves only variable i's distribution
 * {@code pi_i}, {@code d E_q[f] / d l_i = sum_k E_{z_-i}[f(z_-i, k)] d pi_ik / d l_i}. With S
 * samples {@code z^s ~ q}, shared by every variable as in the reference code,
 * {@code F_ik = (1/S) sum_s f(z^s with z_i = k)} is unbiased for the inner expectation, and
 *
 * <pre>
 *   categorical: g_i = J(pi_i)^T F_i = pi_i * (F_i - pi_i . F_i),   J(p) = diag(p) - p p^T;
 *   Bernoulli:   g_i = sigma(l_i) (1 - sigma(l_i)) (F_i1 - F_i0).
 * </pre>
 *
 * <p>Decoder: as the reference code does, the decoder's parameters are trained at the S plain
 * samples with weight {@code 1/S} ({@link Objective.Target#PARAMETERS}), an unbiased estimate of
 * {@code E_q[d f / d theta]}; the {@code N (K - 1)} substituted rows per sample only give values.
 *
 * <p>Decoder evaluations per example: {@code S} plain rows (values and parameter gradient, one
 * call) and {@code S N (K - 1)} substituted rows (values only): the row with {@code z_i = z^s_i}
 * is the plain sample itself, so its value is reused rather than evaluated N more times (the
 * reference evaluates all {@code S N K}). The substituted rows go in calls of at most
 * {@value #ROWS_PER_CALL} rows (whole blocks of B rows, one block per (sample, variable, other
 * class)), bounding the decoder's buffers (about 40 MB in float for a 400-784 decoder) while
 * keeping each call a large matrix product. No randomness beyond the S samples, drawn serially.
 */
final class IndeCateREstimator implements GradientEstimator {

    /** Most decoder rows per objective call. */
    static final int ROWS_PER_CALL = 8192;

    private final int variables;
    private final int classes;
    private final int samples;
    private final int rowsPerCall;
    private final DiscreteFamily family;
    private final DiscretePosterior posterior;
    private final Workspace workspace;

    private int capacity = -1;
    private int[] codes;
    private int[] substituted = new int[0];
    private double[] weights;
    private double[] plain;
    private double[] classValues;

    IndeCateREstimator(LatentSpec spec, int samples, int rowsPerCall, DataType type) {
        this.samples = samples;
        this.rowsPerCall = rowsPerCall;
        this.family = DiscreteFamily.of(spec, type);
        // The family's own work buffer: the model's KL then reuses this step's posterior.
        this.posterior = family.posterior();
        this.variables = posterior.variables();
        this.classes = posterior.classes();
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
        int width = variables * classes;
        int logitWidth = posterior.logitWidth();
        ensureCapacity(batch);
        posterior.update(ElementView.of(logits), batch, input.workers());
        for (int s = 0; s < samples; s++) {
            posterior.sample(rng, codes, s * batch);
        }
        double[] values = f.differentiate(posterior.decoderInput(codes, samples * batch),
                weights, Objective.Target.PARAMETERS).values();
        System.arraycopy(values, 0, plain, 0, samples * batch);

        double share = 1.0 / samples;
        double[] objective = new double[batch];
        Arrays.fill(classValues, 0, batch * width, 0.0);
        for (int s = 0; s < samples; s++) {
            for (int b = 0; b < batch; b++) {
                double v = plain[s * batch + b] * share;
                objective[b] += v;
                int row = (s * batch + b) * variables;
                for (int i = 0; i < variables; i++) {
                    classValues[(b * variables + i) * classes + codes[row + i]] += v;
                }
            }
        }
        addSubstitutedValues(f, batch, share);

        INDArray gradient = workspace.get("gradient", batch, logitWidth);
        ElementView.of(gradient).write(0, logitGradient(batch), 0, batch * logitWidth);
        return new EstimatorStep(gradient, objective);
    }

    /** Turns {@code classValues} (F) into the logits' gradient, in place where it can. */
    private double[] logitGradient(int batch) {
        if (posterior instanceof CategoricalPosterior categorical) {
            SoftmaxJacobian.backward(categorical.probabilities(), 0, classValues, 0,
                    batch * variables * classes, classes, 1.0);
            return classValues;
        }
        // d sigmoid / dl = sigmoid(l) sigmoid(-l) = e / (1 + e)^2 with e = exp(-|l|): finite and
        // accurate in both tails, where 1 - sigmoid(l) would round to 0.
        double[] l = ((BernoulliPosterior) posterior).logits();
        for (int i = 0; i < batch * variables; i++) {
            double e = Math.exp(-Math.abs(l[i]));
            double slope = e / ((1 + e) * (1 + e));
            classValues[i] = slope * (classValues[2 * i + 1] - classValues[2 * i]);
        }
        return classValues;
    }

    /**
     * Adds {@code share * f(z^s with z_i = k)} to {@code classValues} for every sample, variable
     * and class other than the sampled one, in calls of whole blocks: block
     * {@code j = (s N + i) (K - 1) + c} holds, for every example, sample s with variable i set to
     * its c-th class other than the sampled one.
     */
    private void addSubstitutedValues(Objective f, int batch, double share) {
        int others = classes - 1;
        int blocks = samples * variables * others;
        int blocksPerCall = Math.max(1, rowsPerCall / batch);
        int rows = Math.min(blocksPerCall, blocks) * batch;
        if (substituted.length < rows * variables) {
            substituted = new int[rows * variables];
        }
        for (int first = 0; first < blocks; first += blocksPerCall) {
            int count = Math.min(blocksPerCall, blocks - first);
            for (int c = 0; c < count; c++) {
                int j = first + c;
                int s = j / (variables * others);
                int i = j / others % variables;
                int other = j % others;
                for (int b = 0; b < batch; b++) {
                    int to = (c * batch + b) * variables;
                    int from = (s * batch + b) * variables;
                    System.arraycopy(codes, from, substituted, to, variables);
                    int sampled = codes[from + i];
                    substituted[to + i] = other < sampled ? other : other + 1;
                }
            }
            double[] values = f.values(posterior.decoderInput(substituted, count * batch));
            for (int c = 0; c < count; c++) {
                int i = (first + c) / others % variables;
                for (int b = 0; b < batch; b++) {
                    int row = c * batch + b;
                    classValues[(b * variables + i) * classes + substituted[row * variables + i]]
                            += share * values[row];
                }
            }
        }
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        codes = new int[samples * batch * variables];
        weights = new double[samples * batch];
        Arrays.fill(weights, 1.0 / samples);
        plain = new double[samples * batch];
        classValues = new double[batch * variables * classes];
        capacity = batch;
    }
}

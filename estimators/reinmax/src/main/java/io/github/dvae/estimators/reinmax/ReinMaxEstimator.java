package io.github.dvae.estimators.reinmax;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.latent.SoftmaxJacobian;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.Workspace;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReinMax for N categorical variables of K classes, as the reference implementation's
 * {@code ReinMaxCore.backward} computes it: per variable, with {@code pi = softmax(l)},
 * {@code D ~ Cat(pi)} (one-hot), {@code pi_half = (softmax(l / tau) + D) / 2},
 * {@code u = df/dD} at the hard sample and {@code J(p) = diag(p) - p p^T},
 *
 * <pre>
 *   g = 2 J(pi_half)^T u - J(pi)^T u / 2,   then   g - mean_k(g).
 * </pre>
 *
 * The centring is the reference's; both products already sum to zero over k, so it only removes
 * rounding. Note that tau enters {@code pi_half} only: there is no {@code 1/tau} factor, since
 * {@code J(pi_half)} is not the Jacobian of {@code softmax(l / tau)} but the Heun step's
 * average slope.
 *
 * <p>The decoder reads {@code onehot(D)} and trains at it with weight 1
 * ({@link Objective.Target#BOTH}); the reference's second output {@code softmax(l)} is not fed to
 * the decoder here, so its gradient term is zero. Cost: one decoder evaluation per example and
 * two Jacobian products per variable, spread over the worker pool by examples; no randomness
 * beyond the sample (drawn serially by inversion), so the estimate does not depend on the
 * number of threads.
 */
final class ReinMaxEstimator implements GradientEstimator {

    private final int variables;
    private final int classes;
    private final double tau;
    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;
    private final Workspace workspace;

    private int capacity = -1;
    private int[] codes;
    private double[] ones;

    ReinMaxEstimator(LatentSpec spec, double tau, DataType type) {
        this.variables = spec.variables();
        this.classes = spec.classes();
        this.tau = tau;
        this.family = new CategoricalFamily(spec);
        // The family's own work buffer: the model's KL then reuses this step's softmax.
        this.posterior = family.posterior();
        this.workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("tau", tau);
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        int width = variables * classes;
        ensureCapacity(batch);
        ElementView l = ElementView.of(logits);
        posterior.update(l, batch, input.workers());
        posterior.sample(rng, codes, 0);
        Objective.Evaluation e = f.differentiate(
                new DecoderInput.OneHot(codes, batch, variables, classes), ones,
                Objective.Target.BOTH);
        ElementView du = ElementView.of(e.inputGradient());
        INDArray gradient = workspace.get("gradient", batch, width);
        ElementView out = ElementView.of(gradient);
        double[] pi = posterior.probabilities();
        double inverseTau = 1.0 / tau;
        input.workers().forRange(batch, 8, (from, to) -> {
            int len = (to - from) * width;
            double[] u = KernelScratch.doubles(0, len);
            double[] lv = KernelScratch.doubles(1, len);
            double[] scratch = KernelScratch.doubles(2, 2 * classes);
            du.copyTo(from * width, u, 0, len);
            l.copyTo(from * width, lv, 0, len);
            for (int g = from * variables; g < to * variables; g++) {
                int local = (g - from * variables) * classes;
                backward(lv, local, pi, g * classes, classes, codes[g], inverseTau, u, local,
                        scratch);
            }
            out.write(from * width, u, 0, len);
        });
        return new EstimatorStep(gradient, e.values());
    }

    /**
     * ReinMax's backward pass for one variable: overwrites {@code u[uBase, +K)}, the gradient
     * {@code df/dD} at the hard sample, with the logits' gradient.
     *
     * @param logits l at {@code [lBase, +K)}; {@code pi = softmax(l)} at {@code [pBase, +K)}
     * @param chosen the sampled class D
     * @param scratch at least {@code 2 K} long
     */
    static void backward(double[] logits, int lBase, double[] pi, int pBase, int classes,
            int chosen, double inverseTau, double[] u, int uBase, double[] scratch) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[lBase + k]);
        }
        double total = 0;
        for (int k = 0; k < classes; k++) {
            double e = Math.exp((logits[lBase + k] - max) * inverseTau);
            scratch[k] = e;
            total += e;
        }
        double half = 0.5 / total;
        for (int k = 0; k < classes; k++) {
            scratch[k] = scratch[k] * half + (k == chosen ? 0.5 : 0.0);
            scratch[classes + k] = u[uBase + k];
        }
        SoftmaxJacobian.backward(scratch, 0, u, uBase, classes, classes, 2.0);
        SoftmaxJacobian.backward(pi, pBase, scratch, classes, classes, classes, -0.5);
        double mean = 0;
        for (int k = 0; k < classes; k++) {
            u[uBase + k] += scratch[classes + k];
            mean += u[uBase + k];
        }
        mean /= classes;
        for (int k = 0; k < classes; k++) {
            u[uBase + k] -= mean;
        }
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        codes = new int[batch * variables];
        ones = new double[batch];
        Arrays.fill(ones, 1.0);
        capacity = batch;
    }
}

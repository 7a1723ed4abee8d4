package io.github.dvae.estimators.gumbelrao;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.ConditionalGumbel;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.latent.SoftmaxJacobian;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.ArrayPower;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.Workspace;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GR-MCK for N categorical variables of K classes: logits {@code B x (N * K)} in, an estimate of
 * {@code d E_q[f] / d l} of the same shape out.
 *
 * <p>Forward: per variable a hard sample {@code D ~ Cat(pi)}, {@code pi = softmax(l)}; the
 * decoder reads {@code onehot(D)} and trains at it with weight 1 ({@link Objective.Target#BOTH}),
 * which also gives {@code u = df/dD}. Backward: with {@code t = log pi} and S draws
 * {@code z~_s = t + G_s} distributed as {@code t + G} given {@code argmax(t + G) = D}
 * ({@link ConditionalGumbel#conditional}), {@code y_s = softmax(z~_s / tau)},
 *
 * <pre>
 *   g = (1/S) sum_s (d z~_s / d l)^T J(y_s)^T u / tau,   J(y) = diag(y) - y y^T.
 * </pre>
 *
 * With G_s held fixed ({@code through-gumbels=false}, the reference code), {@code d z~_s / d l}
 * is {@code dt/dl = I - 1 pi^T}, which leaves {@code J(y)^T u} (whose entries sum to zero)
 * unchanged: exactly the gradient of {@code softmax((l + G_s) / tau)} at fixed G_s, whatever
 * constant separates l from t. With {@code through-gumbels=true} (the paper's text) it is the
 * total derivative {@code diag(s) (I - 1 pi^T)} through the conditional sample, REBAR's slopes
 * {@code s_k}.
 *
 * <p>Cost: one decoder evaluation per example (hard input, input gradient and parameter
 * gradient in one call); the backward pass draws {@code S N K} exponentials per example and, with
 * G held fixed, forms each relaxed sample from them with one division per class where
 * {@code 1/tau} is a whole number (otherwise a batched power, core's {@link ArrayPower};
 * see {@link #addHeldFixed}), in
 * pieces of {@value #GROUPS_PER_PIECE} variables spread over the worker pool, each with its own
 * random stream split in piece order (so the estimate does not depend on the number of
 * threads). The S draws are never stored: each is
 * folded into the gradient as it is made.
 */
final class GumbelRaoEstimator implements GradientEstimator {

    private static final int GROUPS_PER_PIECE = 64;

    /** Largest whole {@code 1/tau} whose relaxed weights are formed as a product. */
    private static final int MAX_INTEGER_POWER = 20;

    private final int variables;
    private final int classes;
    private final double tau;
    private final int samples;
    private final boolean throughGumbels;
    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;
    private final Workspace workspace;

    private int capacity = -1;
    private int[] codes;
    private double[] ones;
    private double[] conditional;
    private double[] slope;

    GumbelRaoEstimator(LatentSpec spec, double tau, int samples, boolean throughGumbels,
            DataType type) {
        this.variables = spec.variables();
        this.classes = spec.classes();
        this.tau = tau;
        this.samples = samples;
        this.throughGumbels = throughGumbels;
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
        int groups = batch * variables;
        ensureCapacity(batch);
        posterior.update(ElementView.of(logits), batch, input.workers());
        posterior.sample(rng, codes, 0);
        Objective.Evaluation e = f.differentiate(
                new DecoderInput.OneHot(codes, batch, variables, classes), ones,
                Objective.Target.BOTH);
        ElementView u = ElementView.of(e.inputGradient());

        int pieces = (groups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
        RandomStream[] streams = new RandomStream[pieces];
        for (int p = 0; p < pieces; p++) {
            streams[p] = rng.split();
        }
        INDArray gradient = workspace.get("gradient", batch, variables * classes);
        ElementView out = ElementView.of(gradient);
        double[] t = posterior.logProbabilities();
        double[] pi = posterior.probabilities();
        double inverseTau = 1.0 / tau;
        double share = 1.0 / samples;
        input.workers().forEach(pieces, piece -> {
            int from = piece * GROUPS_PER_PIECE;
            int to = Math.min(groups, from + GROUPS_PER_PIECE);
            int len = (to - from) * classes;
            double[] upstream = KernelScratch.doubles(0, len);
            double[] sum = KernelScratch.doubles(1, len);
            double[] work = KernelScratch.doubles(2, 4 * classes);
            // Each operand in an array of its own: C2 vectorises a loop over runtime offsets of
            // one array only partly (3.1 ns per class and draw at tau 1 in one array, 2.1 with
            // the weights apart, 0.9 with every operand apart).
            double[] weights = KernelScratch.doubles(3, classes);
            double[] inverse = KernelScratch.doubles(4, classes);
            u.copyTo(from * classes, upstream, 0, len);
            Arrays.fill(sum, 0, len, 0.0);
            RandomStream r = streams[piece];
            for (int g = from; g < to; g++) {
                int local = (g - from) * classes;
                int chosen = codes[g];
                if (!throughGumbels) {
                    holdFixed(pi, g * classes, classes, chosen, inverse);
                }
                for (int s = 0; s < samples; s++) {
                    ConditionalGumbel.exponentials(r, work, 0, classes);
                    if (throughGumbels) {
                        addTotalDerivative(t, pi, g * classes, classes, chosen, work,
                                inverseTau, upstream, local, share, conditional, slope, sum,
                                local);
                    } else {
                        addHeldFixed(work, inverse, weights, classes, chosen, inverseTau,
                                upstream, local, share, sum, local);
                    }
                }
            }
            out.write(from * classes, sum, 0, len);
        });
        return new EstimatorStep(gradient, e.values());
    }

    /**
     * Prepares one variable's held-fixed draws: writes {@code c_k = 1 / pi_k} for
     * {@code k != D} and {@code c_D = 0} at {@code c[0, K)}.
     */
    static void holdFixed(double[] pi, int base, int classes, int chosen, double[] c) {
        for (int k = 0; k < classes; k++) {
            c[k] = k == chosen ? 0.0 : 1.0 / pi[base + k];
        }
    }

    /**
     * For one variable and one conditional draw with G held fixed (the reference code), adds
     * {@code scale J(y)^T u / tau}, the gradient of {@code u . softmax((l + G) / tau)} at fixed G,
     * to {@code out[outBase, +K)}.
     *
     * <p>{@code y} comes straight from the exponentials: {@code z~_k - z~_D =
     * -log(1 + r_k)} with {@code r_k = e_k / (pi_k e_D)} ({@link ConditionalGumbel}'s draw), so
     * {@code y_k} is proportional to {@code (1 + r_k)^(-1/tau)}, and {@code y_D} to 1: one
     * division per class (and {@code 1/tau - 1} products) where {@code 1/tau} is a whole number,
     * and {@code (1 + r_k)^(-1/tau)} by {@link ArrayPower} otherwise; never above 1, so
     * nothing overflows (a class of probability 0 gets {@code r = inf}, weight 0).
     *
     * @param work the K exponentials at {@code [0, K)}, scratch at {@code [2K, 3K)}
     * @param c {@link #holdFixed}'s {@code c} at {@code [0, K)}
     * @param weights K of scratch; {@code work}, {@code c}, {@code weights}, {@code upstream}
     *     and {@code out} are five different arrays, so that C2 vectorises the loops
     */
    static void addHeldFixed(double[] work, double[] c, double[] weights, int classes,
            int chosen, double inverseTau, double[] upstream, int upBase, double scale,
            double[] out, int outBase) {
        double[] w = weights;
        double perChosen = 1.0 / work[chosen];
        double rounded = Math.rint(inverseTau);
        if (inverseTau == 1.0) {
            for (int k = 0; k < classes; k++) {
                w[k] = 1.0 / (1.0 + work[k] * c[k] * perChosen);
            }
        } else if (rounded == inverseTau && rounded >= 1 && rounded <= MAX_INTEGER_POWER) {
            // 1/tau a whole number (tau = 0.5, 0.25, 0.2, 0.1, ...): a product, not exp(log).
            int power = (int) rounded;
            int b = 2 * classes;
            for (int k = 0; k < classes; k++) {
                w[k] = 1.0 / (1.0 + work[k] * c[k] * perChosen);
            }
            System.arraycopy(w, 0, work, b, classes);
            for (int i = 1; i < power; i++) {
                for (int k = 0; k < classes; k++) {
                    w[k] *= work[b + k];
                }
            }
        } else {
            // (1 + r)^(-1/tau), batched over the classes: core's vectorised power where the
            // JVM has the Vector API, its table-reduced exp2(log2) otherwise.
            for (int k = 0; k < classes; k++) {
                w[k] = 1.0 + work[k] * c[k] * perChosen;
            }
            ArrayPower.power(w, 0, classes, -inverseTau);
        }
        // J(y)^T u = y (u - y.u) with y = w / total: one pass for the two sums and one to
        // accumulate, without normalising y or storing J(y)^T u.
        double total = 0;
        double dot = 0;
        for (int k = 0; k < classes; k++) {
            double v = w[k];
            total += v;
            dot += v * upstream[upBase + k];
        }
        double inverseTotal = 1.0 / total;
        double mean = dot * inverseTotal;
        double factor = scale * inverseTau * inverseTotal;
        for (int k = 0; k < classes; k++) {
            out[outBase + k] += factor * w[k] * (upstream[upBase + k] - mean);
        }
    }

    /**
     * For one variable and one conditional draw, adds {@code scale} times the total derivative
     * of {@code u . softmax(z~ / tau)} with respect to the logits, through the draw's dependence
     * on them (the paper's text), to {@code out[outBase, +K)}.
     *
     * @param t log-probabilities, {@code pi} probabilities, the variable's at {@code [base, +K)}
     * @param work at least {@code 3 K} long: the K exponentials of the draw first (as
     *     {@link ConditionalGumbel#conditional} reads them), then scratch
     * @param upstream {@code u = df/dD} at {@code [upBase, +K)}
     * @param zTilde receives the draw {@code z~} at {@code [base, +K)}, {@code slope} its slopes
     */
    static void addTotalDerivative(double[] t, double[] pi, int base, int classes, int chosen,
            double[] work, double inverseTau, double[] upstream, int upBase, double scale,
            double[] zTilde, double[] slope, double[] out, int outBase) {
        ConditionalGumbel.conditional(t, pi, base, classes, chosen, work, zTilde, slope);
        // The conditioned argmax is the largest entry: subtracting it keeps exp finite.
        double max = zTilde[base + chosen];
        double total = 0;
        for (int k = 0; k < classes; k++) {
            double e = Math.exp((zTilde[base + k] - max) * inverseTau);
            work[classes + k] = e;
            total += e;
        }
        relaxedBackward(work, classes, total, inverseTau, upstream, upBase);
        ConditionalGumbel.toLogits(work, 2 * classes, slope, base, pi, classes, scale, out,
                outBase);
    }

    /**
     * Normalises the weights at {@code work[K, 2K)} (their sum is {@code total}) into
     * {@code y = softmax(z~ / tau)} and writes {@code J(y)^T u / tau}, the gradient of
     * {@code u . y} with respect to {@code z~}, at {@code work[2K, 3K)}.
     */
    private static void relaxedBackward(double[] work, int classes, double total,
            double inverseTau, double[] upstream, int upBase) {
        int y = classes;
        int v = 2 * classes;
        double inverseTotal = 1.0 / total;
        for (int k = 0; k < classes; k++) {
            work[y + k] *= inverseTotal;
            work[v + k] = upstream[upBase + k];
        }
        SoftmaxJacobian.backward(work, y, work, v, classes, classes, inverseTau);
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        codes = new int[batch * variables];
        conditional = new double[batch * variables * classes];
        slope = new double[batch * variables * classes];
        ones = new double[batch];
        Arrays.fill(ones, 1.0);
        capacity = batch;
    }
}

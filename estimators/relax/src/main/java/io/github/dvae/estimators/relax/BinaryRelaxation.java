package io.github.dvae.estimators.relax;

import io.github.dvae.core.latent.BernoulliFamily;
import io.github.dvae.core.latent.BernoulliPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * N Bernoulli units, REBAR's binary form (Tucker et al. 2017; RELAX's own experiments): with
 * {@code theta = sigmoid(l)}, {@code z = l + log u - log(1 - u)} (logistic, {@code u ~ U(0, 1)}),
 * {@code b = 1[z > 0]}, and {@code z~ ~ z | b} from a fresh {@code v ~ U(0, 1)}. Writing REBAR's
 * {@code z~ = l + logit(v')}, {@code v' = 1 - theta (1 - v)} for {@code b = 1} and
 * {@code v' = v (1 - theta)} for {@code b = 0}, in forms that stay finite at any logit:
 *
 * <pre>
 *   b = 1:  z~ = softplus(l + log v) - log(1 - v),       s = dz~/dl = sigmoid(l + log v)
 *   b = 0:  z~ = log v - softplus(log(1 - v) - l),       s = dz~/dl = sigmoid(log(1 - v) - l)
 * </pre>
 *
 * Relaxation {@code y = sigmoid(z / lambda)} (the paper's {@code sigma_lambda}), score
 * {@code b - theta}, chain rule {@code dh/dl = s y (1 - y) / lambda dh/dy} ({@code s = 1} for z),
 * which is its own adjoint up to the transposition of a diagonal.
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
    public void draw(int batch, RandomStream rng) {
        int n = batch * variables;
        if (batch > capacity) {
            codes = new int[n];
            perturbed = new double[n];
            conditional = new double[n];
            slope = new double[n];
            capacity = batch;
        }
        double[] logits = posterior.logits();
        for (int i = 0; i < n; i++) {
            double l = logits[i];
            double u = rng.nextOpenDouble();
            double z = l + Math.log(u) - Math.log1p(-u);
            perturbed[i] = z;
            int bit = z > 0 ? 1 : 0;
            codes[i] = bit;
            double v = rng.nextOpenDouble();
            conditional[i] = conditional(l, bit, v);
            slope[i] = conditionalSlope(l, bit, v);
        }
    }

    /** {@code z~} for logit l, hard sample {@code bit} and conditional noise v in (0, 1). */
    static double conditional(double l, int bit, double v) {
        return bit == 1 ? softplus(l + Math.log(v)) - Math.log1p(-v)
                : Math.log(v) - softplus(Math.log1p(-v) - l);
    }

    /** {@code dz~/dl} at fixed v. */
    static double conditionalSlope(double l, int bit, double v) {
        return bit == 1 ? sigmoid(l + Math.log(v)) : sigmoid(Math.log1p(-v) - l);
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public DecoderInput hard(int batch) {
        return posterior.decoderInput(codes, batch);
    }

    @Override
    public void relax(int batch, double inverseTemperature, ElementView out) {
        int n = batch * variables;
        for (int i = 0; i < n; i++) {
            out.set(i, sigmoid(perturbed[i] * inverseTemperature));
            out.set(n + i, sigmoid(conditional[i] * inverseTemperature));
        }
    }

    @Override
    public void score(int b, double[] out, int outFrom) {
        double[] p = posterior.probabilities();
        for (int n = 0; n < variables; n++) {
            int i = b * variables + n;
            out[outFrom + n] = codes[i] - p[i];
        }
    }

    @Override
    public void addToLogits(int b, boolean tilde, double inverseTemperature, double[] y,
            int yFrom, double[] d, int dFrom, double scale, double[] out, int outFrom) {
        for (int n = 0; n < variables; n++) {
            double yn = y[yFrom + n];
            double s = tilde ? slope[b * variables + n] : 1.0;
            out[outFrom + n] += scale * s * yn * (1 - yn) * inverseTemperature * d[dFrom + n];
        }
    }

    @Override
    public void adjoint(int b, boolean tilde, double inverseTemperature, double[] y, int yFrom,
            double[] u, int uFrom) {
        for (int n = 0; n < variables; n++) {
            double yn = y[yFrom + n];
            double s = tilde ? slope[b * variables + n] : 1.0;
            u[uFrom + n] *= s * yn * (1 - yn) * inverseTemperature;
        }
    }
}

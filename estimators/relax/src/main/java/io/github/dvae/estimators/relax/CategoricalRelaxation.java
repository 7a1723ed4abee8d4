package io.github.dvae.estimators.relax;

import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.ConditionalGumbel;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * N categorical variables of K classes: {@code z = log softmax(l) + g} (Gumbel),
 * {@code b = argmax z} per variable, {@code z~} the conditional Gumbel of
 * {@link ConditionalGumbel} with slopes {@code s = dz~/dt}, {@code y = softmax(z / lambda)} per
 * variable, score {@code onehot(b) - pi}. The chain rule per variable: {@code p = y (d - y.d) /
 * lambda} (softmax Jacobian), then {@code dh/dl_j = s_j p_j - pi_j sum_k s_k p_k} ({@code s = 1}
 * for z); its adjoint: {@code u'_k = s_k (u_k - pi.u)}, then {@code w = y (u' - y.u') / lambda}.
 */
final class CategoricalRelaxation implements Relaxation {

    private final int variables;
    private final int classes;
    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;
    private int capacity = -1;
    private int[] codes;
    private double[] perturbed;
    private double[] conditional;
    private double[] slope;

    CategoricalRelaxation(LatentSpec spec) {
        this.variables = spec.variables();
        this.classes = spec.classes();
        this.family = new CategoricalFamily(spec);
        // The family's own work buffer: the model's KL then reuses this step's softmax.
        this.posterior = family.posterior();
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public int width() {
        return variables * classes;
    }

    @Override
    public void update(INDArray logits, int batch, WorkerPool workers) {
        posterior.update(ElementView.of(logits), batch, workers);
    }

    /** At lambda = 1/2, z and z~ are never formed ({@link ConditionalGumbel#drawRelaxed}). */
    @Override
    public void draw(int batch, double inverseTemperature, RandomStream rng,
            ElementView relaxed, WorkerPool workers) {
        if (batch > capacity) {
            codes = new int[batch * variables];
            perturbed = new double[batch * width()];
            conditional = new double[batch * width()];
            slope = new double[batch * width()];
            capacity = batch;
        }
        if (inverseTemperature == ConditionalGumbel.SQUARING_INVERSE_TEMPERATURE) {
            ConditionalGumbel.drawRelaxed(posterior.probabilities(), batch * variables, classes,
                    rng, workers, codes, slope, relaxed, 0, batch * width());
            return;
        }
        ConditionalGumbel.draw(posterior.logProbabilities(), posterior.probabilities(),
                batch * variables, classes, rng, workers, codes, perturbed, conditional, slope);
        ConditionalGumbel.relax(perturbed, batch * variables, classes, inverseTemperature,
                relaxed, 0, workers);
        ConditionalGumbel.relax(conditional, batch * variables, classes, inverseTemperature,
                relaxed, batch * width(), workers);
    }

    @Override
    public DecoderInput hard(int batch) {
        return new DecoderInput.OneHot(codes, batch, variables, classes);
    }

    @Override
    public int piece() {
        return classes;
    }

    @Override
    public void score(int b, int from, int length, double[] out, int outFrom) {
        double[] p = posterior.probabilities();
        int first = b * width() + from;
        int firstVariable = b * variables + from / classes;
        // -pi, then 1 added at the chosen class: a loop without a branch per entry, and the same
        // values (-p + 1 and 1 - p round alike).
        for (int i = 0; i < length; i++) {
            out[outFrom + i] = -p[first + i];
        }
        for (int v = 0; v < length / classes; v++) {
            out[outFrom + v * classes + codes[firstVariable + v]] += 1.0;
        }
    }

    /** Per variable, {@link ConditionalGumbel#relaxedToLogits}. */
    @Override
    public void addToLogits(int b, int from, int length, boolean tilde,
            double inverseTemperature, double[] y, int yFrom, double[] d, int dFrom, double scale,
            double[] out, int outFrom) {
        double[] p = posterior.probabilities();
        int first = b * width() + from;
        for (int local = 0; local < length; local += classes) {
            ConditionalGumbel.relaxedToLogits(y, yFrom + local, d, dFrom + local,
                    tilde ? slope : null, first + local, p, classes, inverseTemperature, scale,
                    out, outFrom + local);
        }
    }

    /**
     * Entries per piece of {@link #fused}: whole variables, about 256 entries (one variable at
     * K = 256), so that a piece's nine slots stay in the first-level cache and small K do not
     * pay a call per variable.
     */
    int fusedPiece() {
        return classes * Math.max(1, 256 / classes);
    }

    /**
     * RELAX's fused kernel ({@link CategoricalKernel}) over the whole variables of entries
     * {@code [from, from + length)} of example {@code b}, slots of {@code x} as there (each
     * {@code length} long), sums added in variable order.
     */
    void fused(int b, int from, int length, double[] x, int yz, int yt, int fz, int ft, int rz,
            int rt, int g, int wz, int wt, double eta, double inverseTemperature,
            double coefficient, double twiceInverseBatch, boolean directions, double[] sums) {
        double[] p = posterior.probabilities();
        int first = b * width() + from;
        int firstVariable = b * variables + from / classes;
        for (int local = 0, v = 0; local < length; local += classes, v++) {
            CategoricalKernel.variable(x, yz + local, yt + local, fz + local, ft + local,
                    rz + local, rt + local, g + local, wz + local, wt + local, p, slope,
                    first + local, codes[firstVariable + v], classes, eta, inverseTemperature,
                    coefficient, twiceInverseBatch, directions, sums);
        }
    }

    @Override
    public void adjoint(int b, int from, int length, boolean tilde, double inverseTemperature,
            double[] y, int yFrom, double[] u, int uFrom) {
        double[] p = posterior.probabilities();
        int first = b * width() + from;
        for (int local = 0; local < length; local += classes) {
            int base = first + local;
            int at = uFrom + local;
            int yAt = yFrom + local;
            double m = PartialSums.dot(p, base, u, at, classes);
            if (tilde) {
                for (int j = 0; j < classes; j++) {
                    u[at + j] = slope[base + j] * (u[at + j] - m);
                }
            } else {
                for (int j = 0; j < classes; j++) {
                    u[at + j] -= m;
                }
            }
            double dot = PartialSums.dot(y, yAt, u, at, classes);
            for (int j = 0; j < classes; j++) {
                u[at + j] = inverseTemperature * y[yAt + j] * (u[at + j] - dot);
            }
        }
    }
}

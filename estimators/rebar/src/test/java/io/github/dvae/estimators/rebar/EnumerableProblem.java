package io.github.dvae.estimators.rebar;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalEnumeration;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.DifferentiableFunction;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A latent space small enough to enumerate, {@code E} examples with fixed logits, and an
 * objective {@code f}: the ground truth for bias and variance measurements of the logits'
 * gradient.
 *
 * <p>Estimates are drawn many at a time: one estimator call sees {@code copies} copies of the E
 * examples (a batch of {@code copies * E} rows), whose per-row estimates are independent samples
 * (for a fixed eta), so one call adds {@code copies} samples to the moments. Everything in
 * double precision.
 */
final class EnumerableProblem {

    private final LatentSpec latent;
    private final double[][] logits;
    private final DifferentiableFunction function;

    /**
     * @param logits per example, N * K logits
     * @param function f of one decoder-input row (N * K), for example {@code e % E}
     */
    EnumerableProblem(LatentSpec latent, double[][] logits, DifferentiableFunction function) {
        this.latent = latent;
        this.logits = logits;
        this.function = function;
    }

    LatentSpec latent() {
        return latent;
    }

    int examples() {
        return logits.length;
    }

    int width() {
        return latent.oneHotWidth();
    }

    /** Number of coordinates of one sample: E * N * K. */
    int dimension() {
        return examples() * width();
    }

    /** The logits of {@code copies} copies of the examples, {@code copies * E x N * K}. */
    INDArray tiledLogits(int copies) {
        double[][] rows = new double[copies * examples()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = logits[r % examples()];
        }
        return Nd4j.createFromArray(rows);
    }

    /** {@code f} for a batch of {@code rows} rows, row r being example {@code r % E}. */
    FunctionObjective objective(int rows) {
        return new FunctionObjective(function, rows, width(), DataType.DOUBLE);
    }

    /** The exact {@code d E_q[f_e] / d l_e} of every example, concatenated. */
    double[] exactGradient() {
        CategoricalPosterior q = new CategoricalPosterior(latent);
        INDArray l = tiledLogits(1);
        q.update(ElementView.of(l), examples());
        INDArray g = Nd4j.create(DataType.DOUBLE, examples(), width());
        CategoricalEnumeration.expectation(q, objective(examples()), Objective.Target.INPUT,
                new double[examples()], ElementView.of(g));
        return ElementView.of(g).toDoubleArray();
    }

    /** A REBAR estimator for this latent space with {@code options}. */
    GradientEstimator rebar(Map<String, String> options) {
        return new RebarEstimatorProvider().create(new EstimatorConfig(latent, 1,
                DataType.DOUBLE, 0L, options));
    }

    /**
     * Moments of {@code calls * copies} estimates from {@code estimator}, each call on
     * {@code copies} copies of the examples.
     *
     * @param updateState passed to the estimator: true lets it adapt (training mode)
     */
    CoordinateMoments measure(GradientEstimator estimator, int copies, int calls, long seed,
            boolean updateState) {
        INDArray l = tiledLogits(copies);
        FunctionObjective f = objective(copies * examples());
        RandomStream rng = RandomStream.of(seed);
        CoordinateMoments m = new CoordinateMoments(dimension());
        double[] sample = new double[dimension()];
        for (int call = 0; call < calls; call++) {
            ElementView g = ElementView.of(estimator.estimate(
                    new EstimatorInput(l, l, call, updateState), f, rng).gradient());
            for (int c = 0; c < copies; c++) {
                g.copyTo(c * dimension(), sample, 0, dimension());
                m.add(sample);
            }
        }
        return m;
    }

    /** Lets {@code estimator} adapt for {@code calls} calls on {@code copies} copies. */
    void warmUp(GradientEstimator estimator, int copies, int calls, long seed) {
        measure(estimator, copies, calls, seed, true);
    }

    /**
     * Moments of plain REINFORCE, {@code f(b) (onehot(b) - softmax(l))}, written out here from
     * core's posterior, independently of the estimator under test.
     */
    CoordinateMoments reinforce(int copies, int calls, long seed) {
        int rows = copies * examples();
        INDArray l = tiledLogits(copies);
        CategoricalPosterior q = new CategoricalPosterior(latent);
        q.update(ElementView.of(l), rows);
        FunctionObjective f = objective(rows);
        RandomStream rng = RandomStream.of(seed);
        int[] codes = new int[rows * latent.variables()];
        INDArray g = Nd4j.create(DataType.DOUBLE, rows, width());
        ElementView gv = ElementView.of(g);
        CoordinateMoments m = new CoordinateMoments(dimension());
        double[] sample = new double[dimension()];
        for (int call = 0; call < calls; call++) {
            q.sample(rng, codes, 0);
            double[] values = f.values(new DecoderInput.OneHot(codes, rows, latent.variables(),
                    latent.classes()));
            gv.fill(0.0);
            q.addScoreGradient(codes, 0, values, gv);
            for (int c = 0; c < copies; c++) {
                gv.copyTo(c * dimension(), sample, 0, dimension());
                m.add(sample);
            }
        }
        return m;
    }

    /**
     * A Bernoulli "decoder" with fixed weights: {@code f_e(z) = sum_d x_ed u_d - softplus(u_d)},
     * {@code u = W z + c}, the log-likelihood of binary pixels {@code x_e} as in a VAE, smooth
     * and non-linear in relaxed z.
     */
    static DifferentiableFunction bernoulliDecoder(int width, int pixels, int examples,
            double weightScale, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[][] w = new double[pixels][width];
        double[] c = new double[pixels];
        double[][] x = new double[examples][pixels];
        for (int d = 0; d < pixels; d++) {
            for (int j = 0; j < width; j++) {
                w[d][j] = weightScale * rng.nextGaussian();
            }
            c[d] = 0.5 * rng.nextGaussian();
            for (int e = 0; e < examples; e++) {
                x[e][d] = rng.nextBernoulli(0.5) ? 1.0 : 0.0;
            }
        }
        return new DifferentiableFunction() {
            @Override
            public double value(int example, double[] z) {
                return valueAndGradient(example, z, new double[z.length]);
            }

            @Override
            public double valueAndGradient(int example, double[] z, double[] gradient) {
                double[] xe = x[example % examples];
                Arrays.fill(gradient, 0.0);
                double f = 0;
                for (int d = 0; d < pixels; d++) {
                    double u = c[d];
                    for (int j = 0; j < width; j++) {
                        u += w[d][j] * z[j];
                    }
                    double softplus = Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
                    f += xe[d] * u - softplus;
                    double residual = xe[d] - 1.0 / (1.0 + Math.exp(-u));
                    for (int j = 0; j < width; j++) {
                        gradient[j] += residual * w[d][j];
                    }
                }
                return f;
            }
        };
    }
}

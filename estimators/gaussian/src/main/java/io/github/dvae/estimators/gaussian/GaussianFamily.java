package io.github.dvae.estimators.gaussian;

import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * N continuous latent variables: {@code q(z|x) = N(mu, diag(exp(v)))} and prior {@code N(0, I)}.
 * The encoder emits 2N values per example, the N means then the N log-variances
 * ({@code [mu_1 .. mu_N, v_1 .. v_N]}); the decoder reads N values. Only the spec's
 * {@code variables} is used: {@code classes} (and {@code embedding}) mean nothing here.
 *
 * <p>KL, analytic: {@code KL_b = 1/2 sum_i (mu_i^2 + exp(v_i) - 1 - v_i)}, with
 * {@code dKL/dmu_i = mu_i} and {@code dKL/dv_i = (exp(v_i) - 1) / 2}; {@code exp(v) - 1} is
 * computed as {@code expm1(v)} so a posterior near the prior loses no precision. Evaluation uses
 * one posterior sample {@code mu + exp(v/2) eps}: there is no hard sample of a continuous latent.
 */
final class GaussianFamily implements LatentFamily {

    private final LatentSpec spec;
    private final int variables;
    private final DataType type;

    GaussianFamily(LatentSpec spec, DataType type) {
        this.spec = spec;
        this.variables = spec.variables();
        this.type = type;
    }

    @Override
    public LatentSpec spec() {
        return spec;
    }

    @Override
    public int encoderWidth() {
        return 2 * variables;
    }

    @Override
    public int decoderWidth() {
        return variables;
    }

    /** Index of {@code mu_i} of example b in the encoder's output. */
    int meanIndex(int b, int i) {
        return b * 2 * variables + i;
    }

    /** Index of {@code v_i = log sigma_i^2} of example b in the encoder's output. */
    int logVarianceIndex(int b, int i) {
        return b * 2 * variables + variables + i;
    }

    @Override
    public void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient,
            double scale) {
        int batch = encoderOutput.rows();
        ElementView e = ElementView.of(encoderOutput);
        ElementView g = gradient == null ? null : ElementView.of(gradient);
        for (int b = 0; b < batch; b++) {
            double kl = 0;
            for (int i = 0; i < variables; i++) {
                double mu = e.get(meanIndex(b, i));
                double v = e.get(logVarianceIndex(b, i));
                double expm1 = Math.expm1(v);
                kl += 0.5 * (mu * mu + expm1 - v);
                if (g != null) {
                    g.add(meanIndex(b, i), scale * mu);
                    g.add(logVarianceIndex(b, i), scale * 0.5 * expm1);
                }
            }
            klOut[b] = kl;
        }
    }

    /** One sample {@code mu + exp(v/2) eps} per example, into a new {@code B x N} array. */
    @Override
    public DecoderInput evaluationSample(INDArray encoderOutput, RandomStream rng) {
        int batch = encoderOutput.rows();
        ElementView e = ElementView.of(encoderOutput);
        INDArray z = Nd4j.create(encoderOutput.dataType(), batch, variables);
        ElementView out = ElementView.of(z);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < variables; i++) {
                double sigma = Math.exp(0.5 * e.get(logVarianceIndex(b, i)));
                out.set(b * variables + i, e.get(meanIndex(b, i)) + sigma * rng.nextGaussian());
            }
        }
        return new DecoderInput.Dense(z);
    }

    @Override
    public boolean hasDensity() {
        return true;
    }

    /**
     * {@code log N(z; 0, I) - log N(z; mu, diag(exp v))} per example: {@code sum_i [-z_i^2 / 2 +
     * (z_i - mu_i)^2 exp(-v_i) / 2 + v_i / 2]} (the normalising constants cancel). Its mean under
     * q is {@code -KL}.
     */
    @Override
    public void logImportanceWeights(INDArray encoderOutput, DecoderInput z, double[] out) {
        int batch = encoderOutput.rows();
        ElementView e = ElementView.of(encoderOutput);
        ElementView zv = ElementView.of(((DecoderInput.Dense) z).values());
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int i = 0; i < variables; i++) {
                double zi = zv.get(b * variables + i);
                double d = zi - e.get(meanIndex(b, i));
                double v = e.get(logVarianceIndex(b, i));
                s += -0.5 * zi * zi + 0.5 * d * d * Math.exp(-v) + 0.5 * v;
            }
            out[b] = s;
        }
    }

    /** {@code count} draws from {@code N(0, I)}, in the configuration's data type. */
    @Override
    public DecoderInput priorSample(int count, RandomStream rng) {
        INDArray z = Nd4j.create(type, count, variables);
        ElementView out = ElementView.of(z);
        for (int i = 0; i < out.length(); i++) {
            out.set(i, rng.nextGaussian());
        }
        return new DecoderInput.Dense(z);
    }
}

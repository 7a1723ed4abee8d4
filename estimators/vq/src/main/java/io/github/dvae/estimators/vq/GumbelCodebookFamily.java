package io.github.dvae.estimators.vq;

import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The latent space of the Gumbel-Softmax VQ-VAE: the encoder emits N vectors {@code z_n} of D per
 * example ({@code B x (N*D)}); the posterior over the K codebook entries of each is the categorical
 * {@code q(k | z_n) = softmax_k(-scale ||z_n - e_k||^2)}, and its KL to the uniform prior is the
 * categorical one, {@code sum_n sum_k q log q + N log K}, computed analytically by core's
 * {@link CategoricalPosterior} (so the ELBO is comparable with the categorical VAEs').
 *
 * <p>The KL depends on the encoder's output and on the codebook: {@link #divergence} adds its
 * gradient into the encoder-output gradient, as every family does, and into the codebook
 * parameter's gradient (with the same scale), which the model zeroes before each step.
 *
 * <p>Evaluation samples are hard draws from q (not its argmax), decoded as the chosen entries;
 * prior samples are uniform codes.
 */
final class GumbelCodebookFamily implements LatentFamily {

    private final LatentSpec spec;
    private final Codebook codebook;
    private final double scale;
    private final CategoricalPosterior posterior;
    private final Workspace workspace;
    private int[] codes = new int[0];

    GumbelCodebookFamily(LatentSpec spec, Codebook codebook, double scale) {
        this.spec = spec;
        this.codebook = codebook;
        this.scale = scale;
        this.posterior = new CategoricalPosterior(spec);
        this.workspace = new Workspace(codebook.values().dataType());
    }

    @Override
    public LatentSpec spec() {
        return spec;
    }

    @Override
    public int encoderWidth() {
        return spec.variables() * spec.embedding();
    }

    @Override
    public int decoderWidth() {
        return encoderWidth();
    }

    /**
     * The logits {@code scale * (2 z . e_k - ||e_k||^2)} of the latent vectors of {@code z} ({@code
     * rows x D}), equal to {@code -scale ||z - e_k||^2} up to a constant per row; {@code rows x K},
     * in a buffer overwritten by the next call of this or {@link Codebook#scores}.
     */
    INDArray logits(INDArray z, WorkerPool budget) {
        INDArray s = codebook.scores(z, budget);
        ElementView v = ElementView.of(s);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, scale * v.get(i));
        }
        return s;
    }

    // A latent family's calls carry no run budget: their products (rows x K x D) are far below
    // MatrixProduct's single-thread threshold, and WorkerPool.SERIAL leaves OpenBLAS as it is.
    @Override
    public void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient,
            double klScale) {
        int batch = encoderOutput.rows();
        INDArray z = codebook.rows(encoderOutput);
        posterior.update(ElementView.of(logits(z, WorkerPool.SERIAL)), batch);
        posterior.klToUniform(klOut);
        if (gradient == null) {
            return;
        }
        INDArray g = workspace.get("kl-logit-gradient", z.rows(), spec.classes());
        ElementView gv = ElementView.of(g);
        gv.fill(0.0);
        posterior.addKlGradient(gv, 1.0);
        codebook.backpropagateDistanceLogits(g, z, scale, ElementView.of(gradient), klScale,
                klScale, WorkerPool.SERIAL);
    }

    @Override
    public DecoderInput evaluationSample(INDArray encoderOutput, RandomStream rng) {
        int batch = encoderOutput.rows();
        int rows = batch * spec.variables();
        posterior.update(ElementView.of(logits(codebook.rows(encoderOutput), WorkerPool.SERIAL)),
                batch);
        codes = NearestCodeFamily.ensure(codes, rows);
        posterior.sample(rng, codes, 0);
        return gathered("evaluation", batch, rows);
    }

    @Override
    public DecoderInput priorSample(int count, RandomStream rng) {
        int rows = count * spec.variables();
        codes = NearestCodeFamily.ensure(codes, rows);
        for (int r = 0; r < rows; r++) {
            codes[r] = rng.nextInt(spec.classes());
        }
        return gathered("prior", count, rows);
    }

    private DecoderInput gathered(String name, int batch, int rows) {
        INDArray out = workspace.get(name, batch, decoderWidth());
        codebook.gather(codes, rows, ElementView.of(out));
        return new DecoderInput.Dense(out);
    }
}

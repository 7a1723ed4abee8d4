package io.github.dvae.estimators.vq;

import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VQ-VAE latent space: the encoder emits N vectors of D per example ({@code B x (N*D)}); the
 * posterior puts all its mass on the nearest codebook entry of each, so
 * {@code KL(q || Uniform(K)^N) = N log K} for every example, a constant with zero gradient (van
 * den Oord et al. 2017, section 3.1). The decoder reads the N chosen entries, {@code B x (N*D)}.
 * Evaluation samples are the nearest entries; prior samples are uniform codes.
 */
final class NearestCodeFamily implements LatentFamily {

    private final LatentSpec spec;
    private final Codebook codebook;
    private final Workspace workspace;
    private int[] codes = new int[0];

    NearestCodeFamily(LatentSpec spec, Codebook codebook) {
        this.spec = spec;
        this.codebook = codebook;
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

    /** {@code N log K} per example; nothing is added to {@code gradient}. */
    @Override
    public void divergence(INDArray encoderOutput, double[] klOut, INDArray gradient,
            double scale) {
        Arrays.fill(klOut, 0, encoderOutput.rows(), spec.uniformPriorEntropy());
    }

    /** The nearest entries, {@code B x (N*D)}, in a buffer overwritten by the next call. */
    @Override
    public DecoderInput evaluationSample(INDArray encoderOutput, RandomStream rng) {
        int batch = encoderOutput.rows();
        int rows = batch * spec.variables();
        codes = ensure(codes, rows);
        codebook.nearest(codebook.rows(encoderOutput), codes, WorkerPool.SERIAL);
        return gathered("evaluation", batch, rows);
    }

    /** Uniform codes, as entries: {@code count x (N*D)}, in a buffer reused by the next call. */
    @Override
    public DecoderInput priorSample(int count, RandomStream rng) {
        int rows = count * spec.variables();
        codes = ensure(codes, rows);
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

    static int[] ensure(int[] buffer, int length) {
        return buffer.length >= length ? buffer : new int[length];
    }
}

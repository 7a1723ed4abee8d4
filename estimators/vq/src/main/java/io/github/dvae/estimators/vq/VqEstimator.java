package io.github.dvae.estimators.vq;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * VQ-VAE (van den Oord et al. 2017). Each of the N encoder vectors {@code z_e} is replaced by its
 * nearest entry {@code e} (squared Euclidean); the decoder reads the entries; the gradient is:
 *
 * <ul>
 *   <li>encoder output: {@code df/dz_q - 2 beta (z_e - e)}, the straight-through copy of the
 *       decoder-input gradient plus the ascent direction of the commitment loss
 *       {@code beta ||z_e - sg[e]||^2};
 *   <li>codebook ({@link VqSettings.CodebookUpdate#LOSS}): {@code (1/B) sum 2 (e_k - z_e)} over
 *       the vectors assigned to entry k, the descent gradient of the batch mean of the codebook
 *       loss {@code ||sg[z_e] - e||^2}, accumulated into the codebook parameter that the model's
 *       Adam steps; or ({@link VqSettings.CodebookUpdate#EMA}) no gradient, and an
 *       {@link EmaCodebookUpdate} after quantisation, on training steps only.
 * </ul>
 *
 * <p>Both losses sum over the N vectors and D coordinates of an example, as in the paper's
 * equation (3), on the same per-example scale as {@code log p(x|z)}. The objective reported is
 * {@code f} at the quantised input; with the constant KL {@code N log K} the ELBO is
 * {@code log p(x|z_q) - N log K}. One decoder evaluation per example.
 *
 * <p>On a training step ({@link EstimatorInput#updateState()}), in this order: quantise with the
 * current entries, evaluate and differentiate the decoder, accumulate gradients; then update the
 * codebook by EMA (if chosen); then reset dead entries (if enabled). A probe
 * ({@code updateState == false}) changes nothing but gradients.
 */
final class VqEstimator implements GradientEstimator {

    private final LatentSpec spec;
    private final VqSettings settings;
    private final Codebook codebook;
    private final NearestCodeFamily family;
    private final EmaCodebookUpdate ema;
    private final DeadCodeReset deadCodes;
    private final CodeUsage usage;
    private final Workspace workspace;
    private int[] codes = new int[0];
    private double[] ones = new double[0];
    private double perplexity = Double.NaN;
    private double fractionUsed = Double.NaN;
    private double quantisationError = Double.NaN;

    VqEstimator(LatentSpec spec, VqSettings settings, DataType type, RandomStream init) {
        this.spec = spec;
        this.settings = settings;
        boolean ema = settings.update() == VqSettings.CodebookUpdate.EMA;
        this.codebook = new Codebook(spec.classes(), spec.embedding(), type, init,
                settings.initScale(), !ema);
        this.family = new NearestCodeFamily(spec, codebook);
        this.ema = ema ? new EmaCodebookUpdate(settings.decay(), settings.epsilon(),
                spec.classes(), spec.embedding()) : null;
        this.deadCodes = settings.deadAfter() > 0
                ? new DeadCodeReset(settings.deadAfter(), spec.classes()) : null;
        this.usage = new CodeUsage(spec.classes());
        this.workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    /** The codebook, trained by the model's optimiser with the codebook loss; none with EMA. */
    @Override
    public List<Parameter> parameters() {
        return codebook.parameter() == null ? List.of() : List.of(codebook.parameter());
    }

    /** The entries, {@code K x D}, live. */
    INDArray codebook() {
        return codebook.values();
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        int batch = input.examples();
        int rows = batch * spec.variables();
        int dim = spec.embedding();
        INDArray zRows = codebook.rows(input.encoderOutput());
        ElementView z = ElementView.of(zRows);
        codes = NearestCodeFamily.ensure(codes, rows);
        codebook.nearest(zRows, codes, input.workers());

        INDArray quantised = workspace.get("quantised", batch, family.decoderWidth());
        ElementView zq = ElementView.of(quantised);
        codebook.gather(codes, rows, zq);
        if (ones.length != batch) {
            ones = new double[batch];
            Arrays.fill(ones, 1.0);
        }
        Objective.Evaluation e = f.differentiate(new DecoderInput.Dense(quantised), ones,
                Objective.Target.BOTH);

        INDArray gradient = workspace.get("gradient", batch, family.encoderWidth());
        ElementView g = ElementView.of(gradient);
        ElementView decoderGradient = ElementView.of(e.inputGradient());
        ElementView codebookGradient = codebook.parameter() == null ? null
                : codebook.parameter().gradients();
        double commitment = 2 * settings.beta();
        double codebookFactor = 2.0 / batch;
        double squaredError = 0;
        for (int r = 0; r < rows; r++) {
            int entry = codes[r] * dim;
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                double diff = z.get(i) - zq.get(i);
                squaredError += diff * diff;
                g.set(i, decoderGradient.get(i) - commitment * diff);
                if (codebookGradient != null) {
                    codebookGradient.add(entry + d, -codebookFactor * diff);
                }
            }
        }

        if (input.updateState()) {
            usage.count(codes, rows);
            perplexity = usage.perplexity();
            fractionUsed = usage.fractionUsed();
            quantisationError = squaredError / batch;
            if (ema != null) {
                ema.apply(codes, z, rows, codebook.view());
            }
            if (deadCodes != null) {
                deadCodes.update(usage, z, rows, codebook, rng, k -> {
                    if (ema != null) {
                        ema.restart(k, codebook.view());
                    }
                });
            }
        }
        return new EstimatorStep(gradient, e.values());
    }

    /**
     * After the first training step: {@code perplexity} and {@code codebook-usage} (fraction of
     * entries chosen) of the last training batch, {@code quantisation-error} (its mean per example
     * of {@code sum_n ||z_e - e||^2}: the codebook loss, and the commitment loss divided by beta),
     * and {@code dead-code-resets} (entries reset so far). NaN before the first training step.
     */
    @Override
    public Map<String, Double> diagnostics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("perplexity", perplexity);
        m.put("codebook-usage", fractionUsed);
        m.put("quantisation-error", quantisationError);
        m.put("dead-code-resets", deadCodes == null ? 0.0 : (double) deadCodes.resets());
        return Collections.unmodifiableMap(m);
    }

    /**
     * The codebook (also when the EMA moves it, outside the model's parameters), the EMA's
     * statistics, the dead-code counters and the values last reported.
     */
    @Override
    public void saveState(StateOutput out) throws IOException {
        out.writeElements("vq.codebook", ElementView.of(codebook.values()));
        if (ema != null) {
            ema.saveState(out);
        }
        if (deadCodes != null) {
            deadCodes.saveState(out);
        }
        usage.saveState(out);
        out.writeDouble("vq.perplexity", perplexity);
        out.writeDouble("vq.quantisation-error", quantisationError);
    }

    @Override
    public void restoreState(StateInput in) throws IOException {
        in.readElements("vq.codebook", ElementView.of(codebook.values()));
        if (ema != null) {
            ema.restoreState(in);
        }
        if (deadCodes != null) {
            deadCodes.restoreState(in);
        }
        usage.restoreState(in);
        perplexity = in.readDouble("vq.perplexity");
        quantisationError = in.readDouble("vq.quantisation-error");
    }
}

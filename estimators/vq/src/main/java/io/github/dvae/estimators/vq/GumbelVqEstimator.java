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
import io.github.dvae.core.tensor.MatrixProduct;
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
 * Gumbel-Softmax vector quantisation (Sønderby et al. 2017; Baevski et al. 2020's vq-wav2vec
 * uses the straight-through form). For each encoder vector {@code z}, logits over the K entries
 * {@code l_k = -scale ||z - e_k||^2}, Gumbel noise {@code g_k}, weights
 * {@code y = softmax((l + g) / tau)}; the decoder reads {@code sum_k y_k e_k} (relaxed) or, with
 * {@code hard}, the entry of {@code argmax_k y_k}, back-propagated as if it were the relaxed sum.
 *
 * <p>Backward, with {@code u = df/d input}: into the weights {@code df/dy_k = u . e_k}, through the
 * softmax {@code df/dl_k = y_k (df/dy_k - sum_j y_j df/dy_j) / tau}, through the logits into
 * {@code z} and the entries ({@link Codebook#backpropagateDistanceLogits}); and directly into the
 * entries, {@code df/de_k += y_k u}. The codebook's gradient is accumulated for descent on the
 * model's batch mean ({@code -1/B} times the ascent gradient); the KL's gradient is the family's
 * ({@link GumbelCodebookFamily}). One decoder evaluation per example; the objective reported is
 * {@code f} at the decoder input used.
 */
final class GumbelVqEstimator implements GradientEstimator {

    private final LatentSpec spec;
    private final GumbelVqSettings settings;
    private final Codebook codebook;
    private final GumbelCodebookFamily family;
    private final DeadCodeReset deadCodes;
    private final CodeUsage usage;
    private final Workspace workspace;
    private int[] codes = new int[0];
    private double[] ones = new double[0];
    private double perplexity = Double.NaN;
    private double fractionUsed = Double.NaN;

    GumbelVqEstimator(LatentSpec spec, GumbelVqSettings settings, DataType type,
            RandomStream init) {
        this.spec = spec;
        this.settings = settings;
        this.codebook = new Codebook(spec.classes(), spec.embedding(), type, init,
                settings.initScale(), true);
        this.family = new GumbelCodebookFamily(spec, codebook, settings.scale());
        this.deadCodes = settings.deadAfter() > 0
                ? new DeadCodeReset(settings.deadAfter(), spec.classes()) : null;
        this.usage = new CodeUsage(spec.classes());
        this.workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(codebook.parameter());
    }

    /** The entries, {@code K x D}, live. */
    INDArray codebook() {
        return codebook.values();
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        int batch = input.examples();
        int rows = batch * spec.variables();
        int k = spec.classes();
        double tau = settings.tau();
        INDArray zRows = codebook.rows(input.encoderOutput());

        // Relaxed weights y = softmax((l + g) / tau) and the hard codes argmax, in one pass.
        INDArray weights = workspace.get("weights", rows, k);
        ElementView y = ElementView.of(weights);
        ElementView l = ElementView.of(family.logits(zRows, input.workers()));
        codes = NearestCodeFamily.ensure(codes, rows);
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < k; c++) {
                double v = (l.get(base + c) + rng.nextGumbel()) / tau;
                y.set(base + c, v);
                if (v > max) {
                    max = v;
                    argmax = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(y.get(base + c) - max);
                y.set(base + c, e);
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                y.set(base + c, y.get(base + c) / sum);
            }
            codes[r] = argmax;
        }

        INDArray decoderInput = workspace.get("decoder-input", batch, family.decoderWidth());
        INDArray inputRows = codebook.rows(decoderInput);
        if (settings.hard()) {
            codebook.gather(codes, rows, ElementView.of(inputRows));
        } else {
            codebook.mix(weights, inputRows, input.workers());
        }
        if (ones.length != batch) {
            ones = new double[batch];
            Arrays.fill(ones, 1.0);
        }
        Objective.Evaluation e = f.differentiate(new DecoderInput.Dense(decoderInput), ones,
                Objective.Target.BOTH);
        INDArray u = codebook.rows(e.inputGradient());

        // df/dy = u E^T, then through the softmax in place: df/dl.
        INDArray logitGradient = workspace.get("logit-gradient", rows, k);
        MatrixProduct.gemm(u, codebook.values(), logitGradient, false, true, 1.0, 0.0,
                input.workers());
        ElementView gl = ElementView.of(logitGradient);
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            double dot = 0;
            for (int c = 0; c < k; c++) {
                dot += y.get(base + c) * gl.get(base + c);
            }
            for (int c = 0; c < k; c++) {
                gl.set(base + c, y.get(base + c) * (gl.get(base + c) - dot) / tau);
            }
        }
        INDArray gradient = workspace.get("gradient", batch, family.encoderWidth());
        ElementView g = ElementView.of(gradient);
        g.fill(0.0);
        double codebookFactor = -1.0 / batch;
        codebook.backpropagateDistanceLogits(logitGradient, zRows, settings.scale(), g, 1.0,
                codebookFactor, input.workers());
        codebook.addMixtureGradient(weights, u, codebookFactor, input.workers());

        if (input.updateState()) {
            usage.count(codes, rows);
            perplexity = usage.perplexity();
            fractionUsed = usage.fractionUsed();
            if (deadCodes != null) {
                deadCodes.update(usage, ElementView.of(zRows), rows, codebook, rng, c -> { });
            }
        }
        return new EstimatorStep(gradient, e.values());
    }

    /**
     * After the first training step: {@code perplexity} and {@code codebook-usage} of the hard
     * codes {@code argmax(l + g)} of the last training batch, and {@code dead-code-resets};
     * {@code tau} always. NaN before the first training step.
     */
    @Override
    public Map<String, Double> diagnostics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("perplexity", perplexity);
        m.put("codebook-usage", fractionUsed);
        m.put("dead-code-resets", deadCodes == null ? 0.0 : (double) deadCodes.resets());
        m.put("tau", settings.tau());
        return Collections.unmodifiableMap(m);
    }

    /** The dead-code counters and the perplexity last reported (the codebook is a parameter). */
    @Override
    public void saveState(StateOutput out) throws IOException {
        if (deadCodes != null) {
            deadCodes.saveState(out);
        }
        usage.saveState(out);
        out.writeDouble("vq.perplexity", perplexity);
    }

    @Override
    public void restoreState(StateInput in) throws IOException {
        if (deadCodes != null) {
            deadCodes.restoreState(in);
        }
        usage.restoreState(in);
        perplexity = in.readDouble("vq.perplexity");
    }
}

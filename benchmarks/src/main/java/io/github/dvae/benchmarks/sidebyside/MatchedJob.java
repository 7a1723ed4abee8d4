package io.github.dvae.benchmarks.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Activation;
import io.github.dvae.experiments.preset.Preset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One training job written for both programs: this harness's architecture and estimator spec,
 * and the PyTorch reference script's flags for the same shape (data width 784; hidden widths, the
 * decoder mirroring the encoder, {@code --hidden 0} for none; activation and slope; latent kind,
 * N and K), estimator, batch and
 * Adam's rate, as a sweep preset sets them. Flags common to every job (images, threads, steps,
 * warm-up, seed) are the caller's.
 *
 * @param harnessArchitecture the architecture as {@code TrainingThroughput --architecture} takes it
 * @param harnessEstimator the estimator spec {@code TrainingThroughput --estimator} takes
 * @param batch images per step, both sides
 * @param learningRate Adam's rate, both sides
 * @param scriptFlags the script's shape, estimator, batch and rate flags, in order
 * @param gatherApplies whether the script's {@code --gather} form exists for this job (REINFORCE
 *     on a categorical latent: the decoder's first layer as an embedding-bag gather)
 * @param differences what the script cannot express and this harness does (empty if none)
 */
public record MatchedJob(String harnessArchitecture, String harnessEstimator, int batch,
        double learningRate, List<String> scriptFlags, boolean gatherApplies,
        List<String> differences) {

    /** The estimators the script implements, as {@code --estimator} names them here. */
    public static final List<String> ESTIMATORS = List.of("reinforce", "reinforce-loo",
            "gumbel-softmax", "st-gumbel-softmax");

    /** The only data width the script builds (its layers start and end at 784). */
    static final int SCRIPT_DATA_WIDTH = 784;

    public MatchedJob {
        scriptFlags = List.copyOf(scriptFlags);
        differences = List.copyOf(differences);
    }

    /**
     * The job of {@code preset} (its {@code architecture}, {@code batch-size} and
     * {@code learning-rate}) with {@code estimator}, one of {@link #ESTIMATORS}.
     *
     * @param samples REINFORCE-LOO's S (>= 2); null: 2 on Bernoulli units (DisARM's two decoder
     *     evaluations), 4 on categorical latents (issue 14's reference); only for reinforce-loo
     * @param tau the Gumbel-Softmax temperature; only for the Gumbel-Softmax estimators
     * @param batch the batch size, or null for the preset's
     * @throws IllegalArgumentException naming what the script cannot run, or the bad value
     */
    public static MatchedJob of(Preset preset, String estimator, Integer samples, Double tau,
            Integer batch) {
        VaeArchitecture arch = VaeArchitecture.parse(text(preset, "architecture"));
        int b = batch != null ? batch : (int) number(preset, "batch-size");
        if (b < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + b);
        }
        double lr = number(preset, "learning-rate");
        List<String> flags = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        LatentSpec latent = shape(preset.name(), arch, flags, differences);
        boolean categorical = latent.kind() == LatentKind.CATEGORICAL;
        if (!ESTIMATORS.contains(estimator)) {
            throw new IllegalArgumentException("--estimator '" + estimator + "' is not one the "
                    + "PyTorch script implements; allowed: " + String.join(", ", ESTIMATORS));
        }
        boolean loo = estimator.equals("reinforce-loo");
        boolean gumbel = estimator.endsWith("gumbel-softmax");
        if (samples != null && !loo) {
            throw new IllegalArgumentException("--samples applies to reinforce-loo only, got "
                    + "--samples " + samples + " with " + estimator);
        }
        if (tau != null && !gumbel) {
            throw new IllegalArgumentException("--tau applies to gumbel-softmax and "
                    + "st-gumbel-softmax only, got --tau " + tau + " with " + estimator);
        }
        String harness;
        if (gumbel) {
            double t = tau == null ? 1.0 : tau;
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("--tau must be a positive number, got " + t);
            }
            harness = estimator + ":tau=" + t;
            flags.addAll(List.of("--estimator", estimator.startsWith("st-") ? "st-gumbel"
                    : "gumbel", "--tau", Double.toString(t)));
        } else {
            int s = loo ? (samples != null ? samples : categorical ? 4 : 2) : 1;
            if (loo && s < 2) {
                throw new IllegalArgumentException("--samples must be >= 2 for reinforce-loo "
                        + "(the leave-one-out baseline), got " + s);
            }
            harness = loo ? "reinforce:baseline=loo,samples=" + s : "reinforce";
            flags.addAll(List.of("--estimator", "reinforce", "--samples", Integer.toString(s)));
        }
        flags.addAll(List.of("--batch", Integer.toString(b), "--lr", Double.toString(lr)));
        return new MatchedJob(text(preset, "architecture"), harness, b, lr, flags,
                categorical && !gumbel, differences);
    }

    /** The script's shape flags for {@code arch}, and the latent; refuses what it cannot build. */
    private static LatentSpec shape(String name, VaeArchitecture arch, List<String> flags,
            List<String> differences) {
        String where = "preset " + name + " (" + arch + ")";
        if (arch.dataWidth() != SCRIPT_DATA_WIDTH) {
            throw new IllegalArgumentException(where + ": the PyTorch script builds data width "
                    + SCRIPT_DATA_WIDTH + " only");
        }
        int[] encoder = arch.encoderHidden();
        int[] mirrored = arch.decoderHidden();
        for (int i = 0; i < mirrored.length / 2; i++) {
            int t = mirrored[i];
            mirrored[i] = mirrored[mirrored.length - 1 - i];
            mirrored[mirrored.length - 1 - i] = t;
        }
        if (!Arrays.equals(encoder, mirrored)) {
            throw new IllegalArgumentException(where + ": the PyTorch script's decoder mirrors "
                    + "its encoder, this one does not");
        }
        Activation act = arch.hiddenActivation();
        String scriptAct;
        if (act.kind() == Activation.Kind.RELU) {
            scriptAct = "relu";
        } else if (act.kind() == Activation.Kind.LEAKY_RELU) {
            scriptAct = "leaky:" + act.negativeSlope();
        } else {
            throw new IllegalArgumentException(where + ": the PyTorch script's activations are "
                    + "relu and leaky:SLOPE, not " + act);
        }
        LatentSpec latent = arch.latent();
        // --hidden 0: no hidden layers (encoder and decoder one Linear each, e.g. disarm-linear).
        flags.addAll(List.of("--hidden", encoder.length == 0 ? "0" : Arrays.stream(encoder)
                .mapToObj(Integer::toString).collect(Collectors.joining(",")), "--act",
                scriptAct));
        if (latent.kind() == LatentKind.BERNOULLI) {
            flags.addAll(List.of("--latent", "bernoulli", "--n",
                    Integer.toString(latent.variables())));
            if (latent.learnedPrior()) {
                differences.add("prior: " + latent.variables() + " learned logits here, "
                        + "the uniform Bernoulli(0.5) in the script");
            }
        } else if (latent.embedding() == 1) {
            flags.addAll(List.of("--latent", "categorical", "--n",
                    Integer.toString(latent.variables()), "--k",
                    Integer.toString(latent.classes())));
        } else {
            throw new IllegalArgumentException(where + ": the PyTorch script's latents are "
                    + "categorical and Bernoulli, not the codebook " + latent);
        }
        return latent;
    }

    private static String text(Preset preset, String key) {
        JsonNode v = preset.options().get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("preset " + preset.name() + " sets no " + key
                    + "; allowed: presets of the sweep command with an architecture");
        }
        return v.asText();
    }

    private static double number(Preset preset, String key) {
        JsonNode v = preset.options().get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("preset " + preset.name() + " sets no numeric "
                    + key);
        }
        return v.asDouble();
    }

    /** The differences, or "none", for a report. */
    public String differencesText() {
        return differences.isEmpty() ? "none" : String.join("; ", differences);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s batch %d lr %s", harnessArchitecture,
                harnessEstimator, batch, learningRate);
    }
}

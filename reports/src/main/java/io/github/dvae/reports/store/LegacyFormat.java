package io.github.dvae.reports.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads stores written before metrics and settings were generic (one record component per metric
 * and per setting), by rewriting their JSON into today's shape before it is bound: old stores
 * stay readable, and report as new ones do. Their run ids were digests of the old shape, so a
 * rerun of the same sweep does not find them and trains new runs beside them.
 */
final class LegacyFormat {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Old {@code RunConfig} components and the setting each became. */
    private static final Map<String, String> CONFIG_SETTINGS = Map.ofEntries(
            Map.entry("epochs", "epochs"), Map.entry("batchSize", "batch-size"),
            Map.entry("learningRate", "learning-rate"), Map.entry("architecture", "architecture"),
            Map.entry("data", "data"), Map.entry("dataSeed", "data-seed"),
            Map.entry("binarisation", "binarisation"),
            Map.entry("trainExamples", "train-examples"),
            Map.entry("testExamples", "test-examples"), Map.entry("iwSamples", "iw-samples"));

    /** Old {@code EpochRecord} components and the metric each became. */
    private static final Map<String, String> EPOCH_METRICS = Map.of("trainElbo", "train-elbo",
            "testElbo", "test-elbo", "testReconstruction", "test-reconstruction",
            "testKl", "test-kl");

    /** Old {@code ProbeRecord} components and the metric each became. */
    private static final Map<String, String> PROBE_METRICS = Map.of(
            "log10Variance", "log10-variance", "signalToNoise", "snr",
            "logitLog10Variance", "logit-log10-variance");

    /** Old {@code ProbeRecord.Bias} components and the metric each became. */
    private static final Map<String, String> BIAS_METRICS = Map.of(
            "relativeError", "bias-relative-error", "cosine", "bias-cosine",
            "maxAbsZ", "bias-max-z");

    /** The prefix of the metrics that carry an estimator's own diagnostics. */
    static final String DIAGNOSTIC_PREFIX = "estimator.";

    private LegacyFormat() {
    }

    static boolean isLegacyConfig(JsonNode config) {
        return !config.has("settings");
    }

    static ObjectNode config(JsonNode old) {
        ObjectNode out = JSON.objectNode();
        for (String f : List.of("runId", "label", "estimator", "options", "unbiased", "seed")) {
            if (old.has(f)) {
                out.set(f, old.get(f));
            }
        }
        ObjectNode settings = out.putObject("settings");
        CONFIG_SETTINGS.forEach((from, to) -> {
            JsonNode v = old.get(from);
            if (v != null && !v.isNull() && !(from.equals("iwSamples") && v.asInt() == 0)) {
                settings.put(to, v.asText());
            }
        });
        JsonNode probe = old.get("probe");
        int every = probe == null ? 0 : probe.path("every").asInt();
        settings.put("probe-every", Integer.toString(every));
        if (every > 0) {
            settings.put("probe-estimates", probe.path("estimates").asText());
            settings.put("probe-batch", probe.path("batchSize").asText());
            settings.put("probe-reference", probe.path("reference").asText());
        }
        return out;
    }

    static boolean isLegacyRecord(JsonNode record) {
        return !record.has("values");
    }

    static ObjectNode epoch(JsonNode old) {
        ObjectNode out = copy(old, "epoch", "step", "epochSeconds", "elapsedSeconds");
        ObjectNode values = out.putObject("values");
        EPOCH_METRICS.forEach((from, to) -> copyValue(old, from, values, to));
        JsonNode diagnostics = old.get("diagnostics");
        if (diagnostics != null) {
            for (Iterator<String> it = diagnostics.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                values.set(DIAGNOSTIC_PREFIX + name, diagnostics.get(name));
            }
        }
        return out;
    }

    static ObjectNode probe(JsonNode old) {
        ObjectNode out = copy(old, "epoch", "step", "seconds");
        out.put("elapsedSeconds", Double.NaN);
        ObjectNode values = out.putObject("values");
        PROBE_METRICS.forEach((from, to) -> copyValue(old, from, values, to));
        JsonNode bias = old.get("bias");
        if (bias != null && !bias.isNull()) {
            BIAS_METRICS.forEach((from, to) -> copyValue(bias, from, values, to));
        }
        return out;
    }

    static boolean isLegacySummary(JsonNode summary) {
        return !summary.has("values");
    }

    static ObjectNode summary(JsonNode old) {
        ObjectNode out = copy(old, "completedAt", "epochs", "steps", "wallSeconds");
        ObjectNode values = out.putObject("values");
        copyValue(old, "testIwBound", values, "iw-bound");
        copyValue(old, "iwBoundSeconds", values, "iw-bound-seconds");
        return out;
    }

    /**
     * The metrics an old store recorded, as today's runs describe theirs, the estimator's
     * diagnostics named by what {@code epochs} hold.
     */
    static List<MetricSpec> specs(List<EpochRecord> epochs) {
        List<MetricSpec> out = new ArrayList<>(List.of(
                new MetricSpec("train-elbo", "train ELBO", "nats per example", Schedule.EPOCH,
                        true, true, MetricSpec.Direction.HIGHER, "Running mean over the epoch "
                        + "of each minibatch's training ELBO."),
                new MetricSpec("test-elbo", "test ELBO", "nats per example", Schedule.EPOCH,
                        true, true, MetricSpec.Direction.HIGHER, "Whole test set, one hard "
                        + "posterior sample per example."),
                new MetricSpec("test-reconstruction", "test log p(x|z)", "nats per example",
                        Schedule.EPOCH, false, true, MetricSpec.Direction.HIGHER,
                        "Mean log-likelihood of the test set at the same samples."),
                new MetricSpec("test-kl", "test KL", "nats per example", Schedule.EPOCH, false,
                        true, MetricSpec.Direction.NONE, "Mean KL(q(z|x) || p(z)) over the test "
                        + "set, analytic."),
                new MetricSpec("log10-variance", "encoder gradient variance", "log10",
                        Schedule.PROBE, true, true, MetricSpec.Direction.LOWER, "log10 of the "
                        + "mean per-parameter variance of M estimates of the encoder's "
                        + "gradient."),
                new MetricSpec("snr", "gradient SNR", "", Schedule.PROBE, false, true,
                        MetricSpec.Direction.HIGHER, "Mean over the encoder's parameters of "
                        + "|mean| / std of the M estimates."),
                new MetricSpec("logit-log10-variance", "logit gradient variance", "log10",
                        Schedule.PROBE, false, true, MetricSpec.Direction.LOWER, "The same for "
                        + "the gradient with respect to the encoder's output."),
                new MetricSpec("bias-relative-error", "bias (relative error)", "",
                        Schedule.PROBE, false, true, MetricSpec.Direction.LOWER, "||mean - "
                        + "reference|| / ||reference|| against the reference gradient."),
                new MetricSpec("bias-cosine", "cosine to reference", "", Schedule.PROBE, false,
                        true, MetricSpec.Direction.HIGHER, "Cosine similarity of the mean "
                        + "estimate and the reference gradient."),
                new MetricSpec("iw-bound", "test log p(x) >= (IW)", "nats per example",
                        Schedule.FINAL, false, true, MetricSpec.Direction.HIGHER, "The "
                        + "importance-weighted bound on log p(x) after the last epoch."),
                new MetricSpec("iw-bound-seconds", "IW bound time", "seconds", Schedule.FINAL,
                        false, false, MetricSpec.Direction.LOWER, "Wall time of the bound.")));
        Set<String> diagnostics = new TreeSet<>();
        for (EpochRecord e : epochs) {
            e.values().keySet().stream().filter(k -> k.startsWith(DIAGNOSTIC_PREFIX))
                    .forEach(diagnostics::add);
        }
        for (String name : diagnostics) {
            String own = name.substring(DIAGNOSTIC_PREFIX.length());
            out.add(new MetricSpec(name, own, "", Schedule.EPOCH, true, false,
                    MetricSpec.Direction.NONE, "What the estimator reports about itself: "
                    + own + "."));
        }
        return out;
    }

    private static ObjectNode copy(JsonNode from, String... fields) {
        ObjectNode out = JSON.objectNode();
        for (String f : fields) {
            if (from.has(f)) {
                out.set(f, from.get(f));
            }
        }
        return out;
    }

    private static void copyValue(JsonNode from, String field, ObjectNode to, String name) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(name, v);
        }
    }
}

package io.github.dvae.benchmarks.curves;

import io.github.dvae.benchmarks.sidebyside.ReportedThroughput;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PyTorch reference script ({@code benchmarks/pytorch/pytorch_reference.py}, see
 * {@link #defaultScript}) run as a subprocess for the points it can reproduce: categorical or
 * (uniform-prior) Bernoulli latents, 784-pixel data, a decoder mirroring the encoder with ReLU or
 * LeakyReLU hidden layers or none ({@code --hidden 0}),
 * and the estimators {@code reinforce} (S = 1, or the leave-one-out baseline with S >= 2),
 * {@code gumbel-softmax} and {@code st-gumbel-softmax} (at a constant temperature). Categorical
 * REINFORCE runs in both the script's forms, the dense one-hot product and {@code --gather}, so
 * the charts can show PyTorch at its best. The script's environment leaves out
 * {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE}: PyTorch's own OpenBLAS is faster
 * without them.
 *
 * @param python the interpreter
 * @param script the reference script
 */
public record PyTorchReference(Path python, Path script) {

    /** Variables removed from the script's environment. */
    public static final List<String> REMOVED_VARIABLES = List.of("OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE");

    /** The script's place in the repository, relative to the repository's root. */
    public static final Path REPOSITORY_SCRIPT = Path.of("benchmarks", "pytorch",
            "pytorch_reference.py");

    /** The variable naming the script when it is not found at {@link #REPOSITORY_SCRIPT}. */
    public static final String SCRIPT_VARIABLE = "DVAE_PYTORCH_REFERENCE";

    /** Where the default script is looked for, for error messages. */
    public static final String DEFAULT_SCRIPT_TEXT = REPOSITORY_SCRIPT
            + " under the working directory, or $" + SCRIPT_VARIABLE;


    /**
     * One way of running the script at a point.
     *
     * @param implementation the CSV's implementation name ({@code pytorch}, {@code pytorch-gather})
     * @param arguments the script's arguments for the point's model and estimator
     */
    public record Form(String implementation, List<String> arguments) {

        public Form {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * The script used when none is named: {@link #REPOSITORY_SCRIPT} under
     * {@code workingDirectory} if it is a file (a command run from the repository's root), else
     * the path in {@link #SCRIPT_VARIABLE} if set, else empty.
     */
    public static Optional<Path> defaultScript(Path workingDirectory,
            Map<String, String> environment) {
        Path inRepository = workingDirectory.resolve(REPOSITORY_SCRIPT);
        if (Files.isRegularFile(inRepository)) {
            return Optional.of(inRepository);
        }
        String named = environment.get(SCRIPT_VARIABLE);
        return named == null || named.isBlank() ? Optional.empty() : Optional.of(Path.of(named));
    }

    /**
     * Reads {@code PYTHON[:SCRIPT]}; without a script, the {@link #defaultScript}.
     *
     * @throws IllegalArgumentException naming the text and the expected form, or that no
     *     default script is found
     */
    public static PyTorchReference parse(String text, Path workingDirectory,
            Map<String, String> environment) {
        int colon = text.indexOf(':');
        if (colon < 0 && !text.isBlank()) {
            return new PyTorchReference(Path.of(text), defaultScript(workingDirectory,
                    environment).orElseThrow(() -> new IllegalArgumentException("--pytorch '"
                            + text + "' names no script and there is none at "
                            + DEFAULT_SCRIPT_TEXT + "; give PYTHON:SCRIPT")));
        }
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--pytorch '" + text + "' is not PYTHON[:SCRIPT], "
                    + "e.g. /usr/bin/python3:benchmarks/pytorch/pytorch_reference.py");
        }
        return new PyTorchReference(Path.of(text.substring(0, colon)),
                Path.of(text.substring(colon + 1)));
    }

    /** The forms the script runs {@code point} in; empty where it has no equivalent. */
    public static List<Form> forms(CostPoint point) {
        List<String> model = modelArguments(VaeArchitecture.parse(point.architecture()));
        List<String> estimator = estimatorArguments(EstimatorSpec.parse(point.spec()));
        if (model == null || estimator == null) {
            return List.of();
        }
        List<String> args = new ArrayList<>(model);
        args.addAll(estimator);
        args.addAll(List.of("--batch", Integer.toString(point.batch())));
        List<Form> forms = new ArrayList<>();
        forms.add(new Form("pytorch", args));
        if (estimator.contains("reinforce") && model.contains("categorical")) {
            List<String> gathered = new ArrayList<>(args);
            gathered.add("--gather");
            forms.add(new Form("pytorch-gather", gathered));
        }
        return forms;
    }

    private static List<String> modelArguments(VaeArchitecture a) {
        int[] encoder = a.encoderHidden();
        int[] mirrored = a.decoderHidden();
        for (int i = 0; i < mirrored.length / 2; i++) {
            int t = mirrored[i];
            mirrored[i] = mirrored[mirrored.length - 1 - i];
            mirrored[mirrored.length - 1 - i] = t;
        }
        LatentSpec l = a.latent();
        boolean categorical = l.kind() == LatentKind.CATEGORICAL && l.embedding() == 1;
        boolean bernoulli = l.kind() == LatentKind.BERNOULLI && !l.learnedPrior();
        Activation act = a.hiddenActivation();
        if (a.dataWidth() != 784 || !Arrays.equals(encoder, mirrored)
                || !(categorical || bernoulli) || !(act.equals(Activation.RELU)
                        || act.kind() == Activation.Kind.LEAKY_RELU)) {
            return null;
        }
        List<String> args = new ArrayList<>(List.of("--latent",
                categorical ? "categorical" : "bernoulli", "--n", Integer.toString(l.variables()),
                "--k", Integer.toString(l.classes()), "--hidden", encoder.length == 0 ? "0"
                        : String.join(",", Arrays.stream(encoder).mapToObj(Integer::toString)
                                .toList())));
        if (act.kind() == Activation.Kind.LEAKY_RELU) {
            args.addAll(List.of("--act", "leaky:" + act.negativeSlope()));
        }
        return args;
    }

    private static List<String> estimatorArguments(EstimatorSpec spec) {
        Map<String, String> o = spec.options();
        switch (spec.id()) {
            case "reinforce" -> {
                int samples = Integer.parseInt(o.getOrDefault(CostPlan.SAMPLES, "1"));
                boolean loo = "loo".equals(o.get("baseline"));
                Set<String> allowed = loo ? Set.of("baseline", CostPlan.SAMPLES)
                        : Set.of(CostPlan.SAMPLES);
                // The script's S > 1 always subtracts the leave-one-out baseline.
                if (!allowed.containsAll(o.keySet()) || (samples > 1) != loo) {
                    return null;
                }
                return List.of("--estimator", "reinforce", "--samples",
                        Integer.toString(samples));
            }
            case "gumbel-softmax", "st-gumbel-softmax" -> {
                if (!Set.of("tau").containsAll(o.keySet())) {
                    return null;
                }
                String tau = o.getOrDefault("tau", spec.provider().options().stream()
                        .filter(opt -> opt.name().equals("tau")).findFirst()
                        .map(EstimatorOption::defaultValue).orElse("1.0"));
                return List.of("--estimator", spec.id().equals("gumbel-softmax") ? "gumbel"
                        : "st-gumbel", "--tau", tau);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Runs the script in {@code form} and returns the images per second it printed.
     *
     * @param images an IDX image file (the script reads only files)
     * @param epochs passes over the file allowed, enough for {@code warmup + steps} batches
     * @throws IOException if the script cannot start, fails, or prints no images/s figure
     */
    public double imagesPerSecond(Form form, Path images, int steps, int warmup, int threads,
            long seed, int epochs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(form.arguments());
        command.addAll(List.of("--images", images.toString(), "--steps", Integer.toString(steps),
                "--warmup", Integer.toString(warmup), "--threads", Integer.toString(threads),
                "--seed", Long.toString(seed), "--epochs", Integer.toString(epochs)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        REMOVED_VARIABLES.forEach(pb.environment()::remove);
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("the PyTorch reference exited with " + exit + ": "
                    + ReportedThroughput.lastLine(output));
        }
        return parseImagesPerSecond(output);
    }

    /**
     * The figure of the script's last {@code "<value> images/s"}.
     *
     * @throws IOException if the output has none
     */
    public static double parseImagesPerSecond(String output) throws IOException {
        try {
            return ReportedThroughput.script(output);
        } catch (IllegalArgumentException e) {
            throw new IOException("the PyTorch reference's output: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s", python, script);
    }
}

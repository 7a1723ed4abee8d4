package io.github.dvae.core.model;

import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sizes of a VAE: data width, hidden layers of the encoder and decoder, their activation, and
 * the latent space. Written {@code 784-400-(20x256)-400-784}: data, encoder hidden, latent N x K,
 * decoder hidden, data; or {@code 784-200-(200b)-200-784} for 200 Bernoulli units (see
 * {@link LatentSpec#parse} for every latent form). Hidden layers are ReLU unless the form ends with
 * {@code :} and an activation, e.g. {@code 784-200-200-(200b+prior)-200-200-784:leakyrelu(0.3)}
 * (see {@link Activation#parse}). No hidden layer ({@code 784-(200b)-784}) is a linear model.
 */
public record VaeArchitecture(int dataWidth, int[] encoderHidden, LatentSpec latent,
        int[] decoderHidden, Activation hiddenActivation) {

    private static final Pattern FORM = Pattern.compile(
            "(\\d+)((?:-\\d+)*)-(\\(?)(\\d*[a-z+][0-9a-z+]*)(\\)?)((?:-\\d+)*)-(\\d+)");

    /** An architecture with ReLU hidden layers. */
    public VaeArchitecture(int dataWidth, int[] encoderHidden, LatentSpec latent,
            int[] decoderHidden) {
        this(dataWidth, encoderHidden, latent, decoderHidden, Activation.RELU);
    }

    public VaeArchitecture {
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
        encoderHidden = encoderHidden.clone();
        decoderHidden = decoderHidden.clone();
        if (dataWidth < 1) {
            throw new IllegalArgumentException("data width must be >= 1, got " + dataWidth);
        }
        for (int h : encoderHidden) {
            requirePositive(h);
        }
        for (int h : decoderHidden) {
            requirePositive(h);
        }
        if (encoderHidden.length + decoderHidden.length == 0
                && !hiddenActivation.equals(Activation.RELU)) {
            throw new IllegalArgumentException("a model without hidden layers is linear and takes "
                    + "no hidden activation, got " + hiddenActivation);
        }
    }

    private static void requirePositive(int h) {
        if (h < 1) {
            throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + h);
        }
    }

    /** The seed's architecture: 784-400-(20x256)-400-784. */
    public static VaeArchitecture seed() {
        return new VaeArchitecture(784, new int[] {400}, LatentSpec.categorical(20, 256),
                new int[] {400});
    }

    /** A small architecture for fast runs: 784-200-(20x10)-200-784. */
    public static VaeArchitecture small() {
        return new VaeArchitecture(784, new int[] {200}, LatentSpec.categorical(20, 10),
                new int[] {200});
    }

    /** Jang et al. 2017's categorical VAE: 784-512-256-(20x10)-256-512-784. */
    public static VaeArchitecture jang() {
        return new VaeArchitecture(784, new int[] {512, 256}, LatentSpec.categorical(20, 10),
                new int[] {256, 512});
    }

    /**
     * DisARM's linear Bernoulli VAE (google-research {@code disarm/binary}, the single-layer
     * linear model): 784-(200b+prior)-784, 200 Bernoulli units whose prior logits are learned,
     * linear encoder and decoder.
     */
    public static VaeArchitecture disarmLinear() {
        return new VaeArchitecture(784, new int[0], LatentSpec.bernoulliWithLearnedPrior(200),
                new int[0]);
    }

    /**
     * DisARM's nonlinear Bernoulli VAE (google-research {@code disarm/binary}):
     * 784-200-200-(200b+prior)-200-200-784 with LeakyReLU(0.3) hidden layers.
     */
    public static VaeArchitecture disarmNonlinear() {
        return new VaeArchitecture(784, new int[] {200, 200},
                LatentSpec.bernoulliWithLearnedPrior(200), new int[] {200, 200},
                Activation.leakyRelu(0.3));
    }

    /**
     * The coupled estimators' categorical VAE (google-research {@code disarm/categorical}):
     * 784-512-256-(20x10)-256-512-784 with LeakyReLU(0.2) hidden layers.
     */
    public static VaeArchitecture categoricalNonlinear() {
        return new VaeArchitecture(784, new int[] {512, 256}, LatentSpec.categorical(20, 10),
                new int[] {256, 512}, Activation.leakyRelu(0.2));
    }

    /** Names of the presets {@link #parse} accepts. */
    public static List<String> presets() {
        return List.of("seed", "small", "jang", "disarm-linear", "disarm-nonlinear",
                "categorical-nonlinear");
    }

    /**
     * A preset name (see {@link #presets}) or the written form, such as
     * {@code 784-400-(20x256)-400-784}, {@code 784-400-20x256x16-400-784} (N x K x D) or
     * {@code 784-200-(200b)-200-784} (N Bernoulli units), optionally followed by {@code :} and
     * the hidden layers' activation ({@code 784-200-(200b)-200-784:leakyrelu(0.3)}).
     *
     * @throws IllegalArgumentException naming the text and what is allowed
     */
    public static VaeArchitecture parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "seed":
                return seed();
            case "small":
                return small();
            case "jang":
                return jang();
            case "disarm-linear":
                return disarmLinear();
            case "disarm-nonlinear":
                return disarmNonlinear();
            case "categorical-nonlinear":
                return categoricalNonlinear();
            default:
                break;
        }
        Activation hidden = Activation.RELU;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            try {
                hidden = Activation.parse(t.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("architecture '" + text + "': "
                        + e.getMessage(), e);
            }
            t = t.substring(0, colon);
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches() || m.group(3).isEmpty() != m.group(5).isEmpty()) {
            throw new IllegalArgumentException("architecture '" + text + "' is neither a preset ("
                    + String.join(", ", presets()) + ") nor of the form "
                    + "784-400-(20x256)-400-784 or 784-200-(200b)-200-784, optionally with "
                    + "':leakyrelu(0.3)' naming the hidden activation");
        }
        int in = size(text, m.group(1));
        int out = size(text, m.group(7));
        if (in != out) {
            throw new IllegalArgumentException("architecture '" + text
                    + "' must end with the width it starts with, got " + in + " and " + out);
        }
        LatentSpec latent;
        try {
            latent = LatentSpec.parse(m.group(4));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture '" + text + "': " + e.getMessage(),
                    e);
        }
        int[] encoder = sizes(text, m.group(2));
        int[] decoder = sizes(text, m.group(6));
        try {
            return new VaeArchitecture(in, encoder, latent, decoder, hidden);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture '" + text + "': " + e.getMessage(),
                    e);
        }
    }

    private static int[] sizes(String text, String dashed) {
        List<Integer> out = new ArrayList<>();
        for (String s : dashed.split("-")) {
            if (!s.isEmpty()) {
                out.add(size(text, s));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A width as written; one too large for a Java array is refused naming it. */
    private static int size(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("architecture '" + text + "': width " + digits
                    + " exceeds " + Integer.MAX_VALUE + ", the largest a layer can have", e);
        }
    }

    /** This architecture with another latent space. */
    public VaeArchitecture withLatent(LatentSpec replacement) {
        return new VaeArchitecture(dataWidth, encoderHidden, replacement, decoderHidden,
                hiddenActivation);
    }

    /**
     * The floating-point operations ({@code 2 M K N}) of the largest dense-layer product of a
     * training step on {@code rows} examples: encoder from the data to the logits, decoder from
     * the latent's {@link LatentSpec#logitWidth() logit width} to the data. A gathered one-hot
     * input makes the decoder's first product cheaper than this; it is an upper bound for
     * choosing threads, not a cost model.
     */
    public long largestProductFlops(int rows) {
        long largest = 0;
        for (int[] sizes : new int[][] {encoderSizes(latent.logitWidth()),
                decoderSizes(latent.logitWidth())}) {
            for (int i = 0; i + 1 < sizes.length; i++) {
                largest = Math.max(largest, 2L * rows * sizes[i] * sizes[i + 1]);
            }
        }
        return largest;
    }

    /** Widths of the encoder from data to its output of {@code outputWidth}. */
    public int[] encoderSizes(int outputWidth) {
        int[] s = new int[encoderHidden.length + 2];
        s[0] = dataWidth;
        System.arraycopy(encoderHidden, 0, s, 1, encoderHidden.length);
        s[s.length - 1] = outputWidth;
        return s;
    }

    /** Widths of the decoder from its input of {@code inputWidth} to the data. */
    public int[] decoderSizes(int inputWidth) {
        int[] s = new int[decoderHidden.length + 2];
        s[0] = inputWidth;
        System.arraycopy(decoderHidden, 0, s, 1, decoderHidden.length);
        s[s.length - 1] = dataWidth;
        return s;
    }

    @Override
    public int[] encoderHidden() {
        return encoderHidden.clone();
    }

    @Override
    public int[] decoderHidden() {
        return decoderHidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaeArchitecture a && a.dataWidth == dataWidth
                && Arrays.equals(a.encoderHidden, encoderHidden) && a.latent.equals(latent)
                && Arrays.equals(a.decoderHidden, decoderHidden)
                && a.hiddenActivation.equals(hiddenActivation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoderHidden) * 31 + Arrays.hashCode(decoderHidden) * 17
                + latent.hashCode() + dataWidth + 7 * hiddenActivation.hashCode();
    }

    /**
     * The written form, e.g. {@code 784-400-(20x256)-400-784}; the activation is written only when
     * it is not ReLU, so ReLU models keep their old names.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(dataWidth);
        for (int h : encoderHidden) {
            b.append('-').append(h);
        }
        b.append("-(").append(latent).append(')');
        for (int h : decoderHidden) {
            b.append('-').append(h);
        }
        b.append('-').append(dataWidth);
        if (!hiddenActivation.equals(Activation.RELU)) {
            b.append(':').append(hiddenActivation);
        }
        return b.toString();
    }
}

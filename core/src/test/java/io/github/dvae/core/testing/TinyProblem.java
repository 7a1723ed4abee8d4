package io.github.dvae.core.testing;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.DenseLayer;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A VAE small enough to enumerate: 6 binary pixels, one hidden layer of 5 (encoder) and 4
 * (decoder), N x K latents (2 x 3 by default: 9 configurations; or 3 Bernoulli units, 8), 3
 * examples, in double precision. Its encoder's output bias is spread so that posteriors are far
 * from uniform, as after training.
 */
public final class TinyProblem {

    public static final LatentSpec LATENT = LatentSpec.categorical(2, 3);

    /** The Bernoulli problem's latent space: 3 units, 8 configurations. */
    public static final LatentSpec BERNOULLI_LATENT = LatentSpec.bernoulli(3);

    private final VaeArchitecture architecture;
    private final INDArray data;

    public TinyProblem(LatentSpec latent) {
        this.architecture = new VaeArchitecture(6, new int[] {5}, latent, new int[] {4});
        this.data = Nd4j.createFromArray(new double[][] {{1, 0, 1, 1, 0, 0}, {0, 1, 1, 0, 1, 0},
            {1, 1, 0, 0, 0, 1}});
    }

    public TinyProblem() {
        this(LATENT);
    }

    /** The problem of {@code kind}: 2 x 3 categorical, or 3 Bernoulli units. */
    public static TinyProblem of(LatentKind kind) {
        return new TinyProblem(kind == LatentKind.BERNOULLI ? BERNOULLI_LATENT : LATENT);
    }

    public VaeArchitecture architecture() {
        return architecture;
    }

    public LatentSpec latent() {
        return architecture.latent();
    }

    /** The minibatch, 3 x 6, double. */
    public INDArray data() {
        return data;
    }

    /** A configuration of this problem's size in double precision with the given options. */
    public EstimatorConfig config(Map<String, String> options) {
        return new EstimatorConfig(latent(), 6, DataType.DOUBLE, 17L, options);
    }

    /** An estimator from {@code provider} with {@code options}. */
    public GradientEstimator estimator(EstimatorProvider provider, Map<String, String> options) {
        return provider.create(config(options));
    }

    /**
     * A model with deterministic parameters from {@code seed}, whose encoder output bias has
     * standard deviation {@code spread} (so logits are far from zero).
     */
    public Vae model(GradientEstimator estimator, long seed, double spread) {
        Vae vae = new Vae(architecture, estimator, Adam.Settings.of(1e-3), DataType.DOUBLE,
                RandomStream.of(seed));
        List<DenseLayer> layers = vae.encoder().layers();
        ElementView bias = layers.get(layers.size() - 1).bias().values();
        RandomStream rng = RandomStream.of(seed + 1000);
        for (int i = 0; i < bias.length(); i++) {
            bias.set(i, spread * rng.nextGaussian());
        }
        return vae;
    }

    /** Sets the encoder's output to {@code value(i)} for output i, whatever the input. */
    public static void pinEncoderOutput(Vae vae, java.util.function.IntToDoubleFunction value) {
        List<DenseLayer> layers = vae.encoder().layers();
        DenseLayer last = layers.get(layers.size() - 1);
        last.weight().values().fill(0.0);
        ElementView bias = last.bias().values();
        for (int i = 0; i < bias.length(); i++) {
            bias.set(i, value.applyAsDouble(i));
        }
    }

    /** Every parameter's gradient, concatenated. */
    public static double[] gradients(Vae vae) {
        int size = 0;
        for (Parameter p : vae.parameters()) {
            size += p.size();
        }
        double[] out = new double[size];
        int at = 0;
        for (Parameter p : vae.parameters()) {
            p.gradients().copyTo(0, out, at, p.size());
            at += p.size();
        }
        return out;
    }
}

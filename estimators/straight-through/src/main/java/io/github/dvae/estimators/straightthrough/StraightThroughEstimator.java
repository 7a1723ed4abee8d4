package io.github.dvae.estimators.straightthrough;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.BernoulliPosterior;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DiscreteFamily;
import io.github.dvae.core.latent.DiscretePosterior;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.latent.SoftmaxJacobian;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Straight-through: {@code z ~ Cat(p)}, {@code p = softmax(l)}, one per variable; the decoder
 * reads {@code onehot(z)} (a gather, and trains at it with weight 1), and with {@code d = df/dz}
 * at that one-hot input the logit gradient is {@code J^T d = p * (d - p . d)} per variable,
 * {@code J = diag(p) - p p^T}: the chain rule through {@code softmax(l)}, as if the sample were
 * the probabilities. On Bernoulli units the decoder reads the bits and the backward pass goes
 * through {@code q = sigmoid(l)}: {@code d/dl = q (1 - q) d}.
 *
 * <p>Why it is biased: the exact gradient is {@code E_z[f(z) (onehot(z) - p)]}, a difference of
 * f across classes; straight-through replaces it with f's slope at the sampled vertex. The two
 * agree when f is linear in z (the slope is the same everywhere and {@code J^T c} is exactly
 * {@code p (c - p . c)}), and differ by f's curvature otherwise.
 */
final class StraightThroughEstimator implements GradientEstimator {

    private final LatentSpec spec;
    private final DiscreteFamily family;
    private final DiscretePosterior posterior;
    private final Workspace workspace;

    StraightThroughEstimator(LatentSpec spec, DataType type) {
        this.spec = spec;
        this.family = DiscreteFamily.of(spec, type);
        this.posterior = family.posterior();
        this.workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        int k = spec.classes();
        posterior.update(ElementView.of(logits), batch, input.workers());
        int[] codes = new int[batch * spec.variables()];
        posterior.sample(rng, codes, 0);
        double[] ones = new double[batch];
        java.util.Arrays.fill(ones, 1.0);
        Objective.Evaluation e = f.differentiate(posterior.decoderInput(codes, batch), ones,
                Objective.Target.BOTH);
        ElementView dz = ElementView.of(e.inputGradient());
        INDArray gradient = workspace.get("logit-gradient", batch, family.encoderWidth());
        ElementView g = ElementView.of(gradient);
        if (posterior instanceof BernoulliPosterior bernoulli) {
            // Backward through sigmoid(l): d q / d l = q (1 - q).
            double[] q = bernoulli.probabilities();
            int len = batch * spec.variables();
            double[] d = KernelScratch.doubles(0, len);
            dz.copyTo(0, d, 0, len);
            for (int i = 0; i < len; i++) {
                d[i] *= q[i] * (1 - q[i]);
            }
            g.write(0, d, 0, len);
            return new EstimatorStep(gradient, e.values());
        }
        double[] p = ((CategoricalPosterior) posterior).probabilities();
        // Backward through softmax(l), the probabilities the hard sample stands in for.
        int width = family.encoderWidth();
        input.workers().forRange(batch, 8, (from, to) -> {
            int len = (to - from) * width;
            double[] d = KernelScratch.doubles(0, len);
            dz.copyTo(from * width, d, 0, len);
            SoftmaxJacobian.backward(p, from * width, d, 0, len, k, 1.0);
            g.write(from * width, d, 0, len);
        });
        return new EstimatorStep(gradient, e.values());
    }
}

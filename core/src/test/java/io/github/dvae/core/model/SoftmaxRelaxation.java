package io.github.dvae.core.model;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deterministic test estimator: the decoder reads {@code softmax(l)} and the gradient is the
 * exact gradient of {@code f(softmax(l))}, so a model trained with it has a deterministic loss
 * whose gradient finite differences can check end to end.
 */
final class SoftmaxRelaxation implements GradientEstimator {

    private final LatentSpec spec;
    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;

    SoftmaxRelaxation(LatentSpec spec) {
        this.spec = spec;
        this.family = new CategoricalFamily(spec);
        this.posterior = new CategoricalPosterior(spec);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    /** {@code softmax(l)} as a dense decoder input. */
    INDArray relax(INDArray logits) {
        posterior.update(ElementView.of(logits), logits.rows());
        INDArray y = logits.ulike();
        ElementView v = ElementView.of(y);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, posterior.probabilities()[i]);
        }
        return y;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray y = relax(input.encoderOutput());
        double[] ones = new double[input.examples()];
        java.util.Arrays.fill(ones, 1.0);
        Objective.Evaluation e = f.differentiate(new DecoderInput.Dense(y), ones,
                Objective.Target.BOTH);
        ElementView dz = ElementView.of(e.inputGradient());
        ElementView p = ElementView.of(y);
        INDArray g = y.ulike();
        ElementView gv = ElementView.of(g);
        int k = spec.classes();
        for (int group = 0; group < input.examples() * spec.variables(); group++) {
            double dot = 0;
            for (int c = 0; c < k; c++) {
                dot += p.get(group * k + c) * dz.get(group * k + c);
            }
            for (int c = 0; c < k; c++) {
                int i = group * k + c;
                gv.set(i, p.get(i) * (dz.get(i) - dot));
            }
        }
        return new EstimatorStep(g, e.values());
    }
}

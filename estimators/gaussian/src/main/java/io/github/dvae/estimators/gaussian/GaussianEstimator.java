package io.github.dvae.estimators.gaussian;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reparameterisation gradient (Kingma and Welling 2014; Rezende et al. 2014): with
 * {@code eps ~ N(0, I)}, {@code z = mu + sigma eps}, {@code sigma = exp(v/2)}, the decoder reads
 * z and, with {@code d = df/dz} there, {@code df/dmu = d} and {@code df/dv = d eps sigma / 2}.
 * One decoder evaluation per example; the decoder trains at z with weight 1.
 */
final class GaussianEstimator implements GradientEstimator {

    private final GaussianFamily family;
    private final int variables;
    private Workspace workspace;
    private double[] noise = new double[0];
    private double[] sigmas = new double[0];

    GaussianEstimator(GaussianFamily family) {
        this.family = family;
        this.variables = family.decoderWidth();
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray encoded = input.encoderOutput();
        int batch = input.examples();
        // The sample feeds the decoder's matrix product, so it takes the model's type.
        if (workspace == null || workspace.dataType() != encoded.dataType()) {
            workspace = new Workspace(encoded.dataType());
        }
        if (noise.length < batch * variables) {
            noise = new double[batch * variables];
            sigmas = new double[batch * variables];
        }
        ElementView e = ElementView.of(encoded);
        INDArray sample = workspace.get("sample", batch, variables);
        ElementView z = ElementView.of(sample);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < variables; i++) {
                int at = b * variables + i;
                double eps = rng.nextGaussian();
                double sigma = Math.exp(0.5 * e.get(family.logVarianceIndex(b, i)));
                noise[at] = eps;
                sigmas[at] = sigma;
                z.set(at, e.get(family.meanIndex(b, i)) + sigma * eps);
            }
        }
        double[] ones = new double[batch];
        java.util.Arrays.fill(ones, 1.0);
        Objective.Evaluation evaluation = f.differentiate(new DecoderInput.Dense(sample), ones,
                Objective.Target.BOTH);
        ElementView dz = ElementView.of(evaluation.inputGradient());
        INDArray gradient = workspace.get("gradient", batch, family.encoderWidth());
        ElementView g = ElementView.of(gradient);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < variables; i++) {
                int at = b * variables + i;
                double d = dz.get(at);
                g.set(family.meanIndex(b, i), d);
                g.set(family.logVarianceIndex(b, i), 0.5 * d * noise[at] * sigmas[at]);
            }
        }
        return new EstimatorStep(gradient, evaluation.values());
    }
}

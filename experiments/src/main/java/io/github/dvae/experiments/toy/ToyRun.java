package io.github.dvae.experiments.toy;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One optimisation of the {@link ToyProblem} with one estimator and seed: Adam on phi from
 * phi = 0, one estimate per step, as the REBAR and RELAX papers run it.
 *
 * <p>Recorded every {@code every} steps: the exact loss, and the variance of the estimator's
 * gradient in phi by REBAR's along-training convention, moving averages with decay 0.999 of the
 * estimate and of its square.
 */
public final class ToyRun {

    /** Decay of the moving averages behind the recorded variance (REBAR's convention). */
    public static final double VARIANCE_DECAY = 0.999;

    /**
     * What a run recorded, at {@code steps[i]}.
     *
     * @param steps the optimiser steps taken at each record
     * @param loss the exact loss there
     * @param log10Variance log10 of the moving variance of the gradient estimate in phi
     * @param theta sigmoid(phi) there
     */
    public record Trace(List<Integer> steps, List<Double> loss, List<Double> log10Variance,
            List<Double> theta) {
    }

    private ToyRun() {
    }

    /**
     * Runs {@code steps} steps.
     *
     * @throws io.github.dvae.core.estimator.InvalidOptionException for a bad estimator spec
     * @throws IllegalArgumentException if the estimator does not serve categorical latents
     */
    public static Trace run(ToyProblem problem, EstimatorSpec spec, long seed, int steps,
            double learningRate, int every) {
        LatentSpec latent = LatentSpec.categorical(1, 2);
        GradientEstimator estimator = spec.provider().create(new EstimatorConfig(latent, 1,
                DataType.DOUBLE, seed, spec.options()));
        if (!(estimator.family() instanceof CategoricalFamily)) {
            throw new IllegalArgumentException("estimator '" + spec + "' does not work on "
                    + "categorical latents; the toy problem is one binary variable");
        }
        Parameter phi = new Parameter("phi", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        List<Parameter> parameters = new java.util.ArrayList<>(estimator.parameters());
        parameters.add(phi);
        Adam adam = new Adam(Adam.Settings.of(learningRate), parameters);
        FunctionObjective f = new FunctionObjective(problem.objective(), 1, 2, DataType.DOUBLE);
        RandomStream rng = RandomStream.of(seed);
        INDArray logits = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        INDArray data = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        List<Integer> at = new java.util.ArrayList<>();
        List<Double> loss = new java.util.ArrayList<>();
        List<Double> variance = new java.util.ArrayList<>();
        List<Double> theta = new java.util.ArrayList<>();
        double mean = 0;
        double square = 0;
        double weight = 0;
        for (int t = 0; t <= steps; t++) {
            double p = phi.values().get(0);
            if (t % every == 0) {
                at.add(t);
                loss.add(problem.loss(p));
                // Bias-corrected moving moments, as Adam corrects its own.
                double m = mean / weight;
                double v = square / weight - m * m;
                variance.add(t == 0 ? Double.NaN : Math.log10(Math.max(v, 1e-300)));
                theta.add(ToyProblem.theta(p));
            }
            if (t == steps) {
                break;
            }
            logits.putScalar(0, 1, p);
            for (Parameter q : parameters) {
                q.zeroGradient();
            }
            double ascent = estimator.estimate(new EstimatorInput(logits, data, t, true), f, rng)
                    .gradient().getDouble(0, 1);
            double g = -ascent;
            mean = VARIANCE_DECAY * mean + (1 - VARIANCE_DECAY) * g;
            square = VARIANCE_DECAY * square + (1 - VARIANCE_DECAY) * g * g;
            weight = VARIANCE_DECAY * weight + (1 - VARIANCE_DECAY);
            phi.gradients().set(0, g);
            adam.step();
        }
        return new Trace(List.copyOf(at), List.copyOf(loss), List.copyOf(variance),
                List.copyOf(theta));
    }
}

package io.github.dvae.core.model;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.likelihood.BernoulliLikelihood;
import io.github.dvae.core.nn.Activation;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Mlp;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE: encoder MLP, a latent family with its gradient estimator, decoder MLP with a Bernoulli
 * likelihood, trained with Adam on the loss {@code mean_b(-E_q[log p(x_b|z)] + KL_b)}.
 *
 * <p>The estimator supplies the gradient of the expected log-likelihood with respect to the
 * encoder's output; this class adds the analytic KL gradient, back-propagates through the encoder,
 * and steps the optimiser. One instance per run; not thread-safe.
 */
public final class Vae {

    private final VaeArchitecture architecture;
    private final GradientEstimator estimator;
    private final LatentFamily family;
    private final DataType type;
    private final Mlp encoder;
    private final Mlp decoder;
    private final DecoderObjective objective;
    private final Adam optimiser;
    private final List<Parameter> parameters;
    private final Workspace workspace;
    private final WorkerPool workers;
    private long steps;
    /** Whether every parameter's gradient is zero (Adam leaves them so), sparing a pass. */
    private boolean gradientsZero = true;

    /**
     * @param init seeds the parameters' initial values (PyTorch's {@code nn.Linear} scheme)
     */
    public Vae(VaeArchitecture architecture, GradientEstimator estimator, Adam.Settings adam,
            DataType type, RandomStream init) {
        this(architecture, estimator, adam, type, init, WorkerPool.SERIAL);
    }

    /**
     * A model whose elementwise kernels (layers, likelihood, KL, Adam, the estimator's) run on
     * {@code workers}; the caller owns and closes the pool. Results do not depend on its size.
     */
    public Vae(VaeArchitecture architecture, GradientEstimator estimator, Adam.Settings adam,
            DataType type, RandomStream init, WorkerPool workers) {
        this.workers = workers;
        this.architecture = architecture;
        this.estimator = estimator;
        this.family = estimator.family();
        this.type = type;
        this.encoder = new Mlp("encoder", architecture.encoderSizes(family.encoderWidth()),
                architecture.hiddenActivation(), Activation.IDENTITY, type, init, workers);
        this.decoder = new Mlp("decoder", architecture.decoderSizes(family.decoderWidth()),
                architecture.hiddenActivation(), Activation.IDENTITY, type, init, workers);
        this.objective = new DecoderObjective(decoder, type, workers);
        this.workspace = new Workspace(type);
        List<Parameter> all = new ArrayList<>(encoder.parameters());
        all.addAll(decoder.parameters());
        all.addAll(estimator.parameters());
        all.addAll(family.parameters());
        this.parameters = List.copyOf(all);
        this.optimiser = new Adam(adam, parameters, workers);
    }

    public VaeArchitecture architecture() {
        return architecture;
    }

    public GradientEstimator estimator() {
        return estimator;
    }

    public DataType dataType() {
        return type;
    }

    public Mlp encoder() {
        return encoder;
    }

    public Mlp decoder() {
        return decoder;
    }

    /**
     * Every trained parameter: encoder, decoder, the estimator's own, then the latent family's
     * (a learned prior).
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Writes everything training changes: every parameter, Adam's moments, the step count and
     * the estimator's own state ({@link GradientEstimator#saveState}).
     */
    public void saveState(StateOutput out) throws IOException {
        out.writeLong("vae.steps", steps);
        for (Parameter p : parameters) {
            p.saveState(out);
        }
        optimiser.saveState(out);
        estimator.saveState(out);
    }

    /** Reads what {@link #saveState} wrote into a model built from the same configuration. */
    public void restoreState(StateInput in) throws IOException {
        steps = in.readLong("vae.steps");
        for (Parameter p : parameters) {
            p.restoreState(in);
        }
        optimiser.restoreState(in);
        estimator.restoreState(in);
        gradientsZero = false; // cleared before the next step, whatever was left in them
    }

    /**
     * A model for drawing {@link #gradientEstimate}s on another thread (a model is not
     * thread-safe): this one's encoder and decoder at their present parameters and step count,
     * built around {@code estimator} (a fresh instance of an estimator of this latent family,
     * whose own parameters and state the caller sets) and running its kernels on {@code workers}.
     * It shares nothing mutable with this model; its optimiser starts afresh, so it is not a
     * checkpoint: keep it in step with {@link #copyParametersTo}.
     */
    public Vae frozenCopy(GradientEstimator estimator, WorkerPool workers) {
        Vae copy = new Vae(architecture, estimator, Adam.Settings.of(1e-3), type,
                RandomStream.of(0), workers);
        copyParametersTo(copy);
        return copy;
    }

    /**
     * Sets {@code copy}'s encoder and decoder parameters and step count to this model's (the
     * estimator's and the latent family's own parameters are not copied).
     *
     * @param copy a model of the same architecture and data type
     */
    public void copyParametersTo(Vae copy) {
        if (!copy.architecture.equals(architecture) || copy.type != type
                || copy.family.encoderWidth() != family.encoderWidth()
                || copy.family.decoderWidth() != family.decoderWidth()) {
            throw new IllegalArgumentException("a copy needs the same architecture, data type "
                    + "and latent widths");
        }
        copyValues(encoder.parameters(), copy.encoder.parameters());
        copyValues(decoder.parameters(), copy.decoder.parameters());
        copy.steps = steps;
    }

    private static void copyValues(List<Parameter> from, List<Parameter> to) {
        for (int i = 0; i < from.size(); i++) {
            to.get(i).value().assign(from.get(i).value());
        }
    }

    /** Optimiser steps taken. */
    public long steps() {
        return steps;
    }

    /**
     * One step of Adam on a minibatch.
     *
     * @param data {@code B x D} binary pixels of this model's data type, c-ordered
     */
    public TrainingStep trainStep(INDArray data, RandomStream rng) {
        int batch = data.rows();
        zeroGradients();
        double[] kl = new double[batch];
        EstimatorStep step = backpropagate(data, rng, estimator, true, kl);
        optimiser.step();
        gradientsZero = true;
        steps++;
        double rec = 0;
        double div = 0;
        for (int b = 0; b < batch; b++) {
            rec += step.objective()[b];
            div += kl[b];
        }
        return new TrainingStep((rec - div) / batch, rec / batch, div / batch);
    }

    /**
     * Fills every parameter's gradient with one estimate of the loss gradient on {@code data},
     * from {@code using} (this model's estimator or another of the same latent family, such as
     * the exact one), without updating the parameters or the estimator's state. For variance and
     * bias probes: the KL term is left out ({@code includeKl == false}) so that only the estimated
     * part of the gradient is measured.
     *
     * @return the estimator's step (its gradient with respect to the encoder's output)
     */
    public EstimatorStep gradientEstimate(INDArray data, RandomStream rng,
            GradientEstimator using, boolean includeKl) {
        return gradientEstimate(data, rng, using, includeKl, false);
    }

    /**
     * As {@link #gradientEstimate(INDArray, RandomStream, GradientEstimator, boolean)}, letting
     * the estimator update its own state ({@code updateEstimatorState}), as when warming up a
     * baseline before measuring it. Parameters are never updated.
     */
    public EstimatorStep gradientEstimate(INDArray data, RandomStream rng,
            GradientEstimator using, boolean includeKl, boolean updateEstimatorState) {
        if (using.family().encoderWidth() != family.encoderWidth()
                || using.family().decoderWidth() != family.decoderWidth()) {
            throw new IllegalArgumentException("estimator's latent family does not match the "
                    + "model's");
        }
        zeroGradients();
        return backpropagate(data, rng, using, updateEstimatorState,
                includeKl ? new double[data.rows()] : null);
    }

    private void zeroGradients() {
        if (!gradientsZero) {
            for (Parameter p : parameters) {
                p.zeroGradient();
            }
        }
        gradientsZero = false;
    }

    private EstimatorStep backpropagate(INDArray data, RandomStream rng, GradientEstimator using,
            boolean updateState, double[] klOut) {
        int batch = data.rows();
        INDArray encoded = encoder.forward(data);
        objective.bind(data, -1.0 / batch);
        EstimatorStep step = using.estimate(
                new EstimatorInput(encoded, data, steps, updateState, workers), objective, rng);
        INDArray grad = workspace.get("encoder-output-gradient", batch, family.encoderWidth());
        ElementView g = ElementView.of(grad);
        ElementView estimated = ElementView.of(step.gradient());
        // Elementwise, so spread over the workers with the same values (655k elements a step at
        // the seed's shapes).
        int chunkLength = Math.min(g.length(), 1 << 14);
        workers.forRange(g.length(), chunkLength, g.length(), (from, to) -> {
            double[] chunk = KernelScratch.doubles(0, Math.min(chunkLength, to - from));
            for (int at = from; at < to; at += chunkLength) {
                int n = Math.min(chunkLength, to - at);
                estimated.copyTo(at, chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    chunk[i] *= -1.0 / batch;
                }
                g.write(at, chunk, 0, n);
            }
        });
        if (klOut != null) {
            family.divergence(encoded, klOut, grad, 1.0 / batch, workers);
        }
        encoder.backward(grad, false);
        return step;
    }

    /**
     * Evaluates the ELBO of {@code data} with one hard posterior sample per example, whatever the
     * estimator trained with; parameters and estimator state are untouched.
     */
    public Evaluation evaluate(INDArray data, RandomStream rng) {
        int batch = data.rows();
        INDArray encoded = encoder.forward(data);
        double[] kl = new double[batch];
        family.divergence(encoded, kl, null, 0.0, workers);
        DecoderInput z = family.evaluationSample(encoded, rng);
        double[] rec = objective.bind(data, 0.0).values(z);
        double elbo = 0;
        double recSum = 0;
        double klSum = 0;
        for (int b = 0; b < batch; b++) {
            elbo += rec[b] - kl[b];
            recSum += rec[b];
            klSum += kl[b];
        }
        return new Evaluation(batch, elbo, recSum, klSum);
    }

    /**
     * The importance-weighted bound on {@code log p(x_b)} (Burda et al. 2016) with {@code k}
     * posterior samples, {@code log (1/k) sum_j p(x_b|z_j) p(z_j) / q(z_j|x_b)}, summed over the
     * batch, in nats; it tightens towards {@code log p(x)} as k grows (k = 1000 in the papers).
     *
     * @throws UnsupportedOperationException if the latent family has no posterior density
     */
    public double importanceWeightedBound(INDArray data, int k, RandomStream rng) {
        if (k < 1) {
            throw new IllegalArgumentException("importance samples must be >= 1, got " + k);
        }
        if (!family.hasDensity()) {
            throw new UnsupportedOperationException("the " + family.getClass().getSimpleName()
                    + " latent family has no posterior density to weigh samples by");
        }
        int batch = data.rows();
        INDArray encoded = encoder.forward(data);
        double[][] logWeights = new double[k][];
        double[] ratio = new double[batch];
        objective.bind(data, 0.0);
        for (int j = 0; j < k; j++) {
            DecoderInput z = family.evaluationSample(encoded, rng);
            double[] f = objective.values(z);
            family.logImportanceWeights(encoded, z, ratio);
            for (int b = 0; b < batch; b++) {
                f[b] += ratio[b];
            }
            logWeights[j] = f;
        }
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logWeights[j][b]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logWeights[j][b] - max);
            }
            total += max + Math.log(sum / k);
        }
        return total;
    }

    /**
     * Bernoulli means {@code sigmoid(decoder logits)} of one hard posterior sample per example:
     * reconstructions, {@code B x D} in [0, 1], row-major.
     */
    public double[] reconstruct(INDArray data, RandomStream rng) {
        INDArray encoded = encoder.forward(data);
        return means(family.evaluationSample(encoded, rng));
    }

    /** Bernoulli means of {@code count} samples from the prior, {@code count x D}, row-major. */
    public double[] generate(int count, RandomStream rng) {
        return means(family.priorSample(count, rng));
    }

    private double[] means(DecoderInput z) {
        INDArray logits = objective.logits(z);
        ElementView v = ElementView.of(logits);
        double[] out = new double[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = BernoulliLikelihood.sigmoid(v.get(i));
        }
        return out;
    }
}

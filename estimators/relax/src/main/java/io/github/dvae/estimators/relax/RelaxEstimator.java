package io.github.dvae.estimators.relax;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RELAX (Grathwohl et al. 2018) over a {@link Relaxation} (N categorical variables of K classes,
 * or N Bernoulli units): logits {@code B x width} in, an estimate of {@code d E_q[f] / d l} of
 * the same shape out. Written below for the categorical kind; the Bernoulli kind is the same
 * with its own z, z~ and chain rule.
 *
 * <p>With {@code t = log softmax(l)}, {@code z = t + g} (Gumbel), {@code b = argmax z},
 * {@code z~ ~ z | b} ({@link CategoricalRelaxation}), {@code y = softmax(z / lambda)},
 * {@code y~ = softmax(z~ / lambda)} and the surrogate {@code c(z) = eta f(y) + r(y)}
 * ({@link SurrogateNetwork} r), the estimate for one example is
 *
 * <pre>
 *   g = [f(b) - c(z~)] S + dc(z)/dl - dc(z~)/dl,     S = d log q(b)/dl = onehot(b) - pi
 *     = f(b) S - eta C_f - C_r,
 *   C_f = f(y~) S - d f(y)/dl + d f(y~)/dl,   C_r = r(y~) S - d r(y)/dl + d r(y~)/dl
 * </pre>
 *
 * where the derivatives flow through z and z~ into the logits. {@code E[C_f] = E[C_r] = 0} for
 * every surrogate, so g is unbiased whatever eta and r are, as long as they do not depend on the
 * example's own noise: they change only after the estimate is formed.
 *
 * <p>The decoder is trained at {@code f(b)} alone ({@link Objective.Target#PARAMETERS}); the
 * relaxed evaluations use {@link Objective.Target#INPUT}, so the surrogate never reaches the
 * decoder's gradient.
 *
 * <p><b>The surrogate's training.</b> {@code E[g]} does not depend on {@code phi = (eta, r's
 * parameters)}, so {@code d Var / d phi = d E|g|^2 / d phi}, estimated each step by the gradient
 * of {@code L = (1/B) sum_b |g_b|^2}. With {@code u = 2 g / B}: {@code dL/d eta = -<u, C_f>}
 * (first derivatives of f only), and for r, since {@code y -> d r/dl} is linear in {@code dr/dy}
 * with a map M that does not depend on r ({@code d r/dl = M^T dr/dy}: the softmax Jacobian over
 * {@code lambda}, the slopes {@code dz~/dt}, then {@code dt/dl}),
 * {@code <u, d r(y)/dl> = <M u, dr/dy(y)>}: a directional derivative of r along a fixed
 * direction. So
 *
 * <pre>
 *   dL/d rho = d/d rho [ -<u, S> r(y~) + (M_z u) . dr/dy(y) - (M_z~ u) . dr/dy(y~) ]
 * </pre>
 *
 * which {@link SurrogateNetwork#accumulateSecondOrder} computes exactly (forward tangent of the
 * input gradient, differentiated by hand). {@code M u} per variable: {@code m = pi . u},
 * {@code u'_k = s_k (u_k - m)} ({@code s = 1} for z), then {@code y_k (u'_k - y . u') / lambda}.
 * Adam with the estimator's own learning rate ({@code rate}) takes the step; the model's
 * optimiser never sees these parameters ({@link #parameters()} is empty), because their
 * gradient is the variance's, not the loss's, and the contract suite compares every model
 * parameter's gradient with the exact one. lambda stays fixed: its variance gradient needs second
 * derivatives of the decoder, which the SPI does not give.
 *
 * <p>Nothing changes when {@link EstimatorInput#updateState()} is false (a probe).
 *
 * <p>Cost per example: one hard decoder evaluation {@code f(b)} (a gather) and two relaxed ones
 * with input gradients ({@code f(y)}, {@code f(y~)}), as REBAR; the surrogate adds two matrix
 * products of {@code 2B x NK} by {@code NK x H} to estimate, and two more to learn (the tangent,
 * and W's gradient as one product over y stacked on the directions).
 */
final class RelaxEstimator implements GradientEstimator {

    private final Relaxation relaxation;
    private final int width;
    private final RelaxSettings settings;
    private final long seed;

    private SurrogateNetwork network;
    private Parameter eta;
    private Adam optimiser;
    private boolean stepOptimiser = true;
    private boolean referenceKernel;

    private Workspace workspace;
    private int capacity = -1;
    private double[] hardValues;
    private double[] surrogateValues;
    private double[] alpha;
    private double[] etaTerms;
    private double[] squares;
    private double[] ones;
    private double lastEta;
    private double lastMeanSquare = Double.NaN;

    RelaxEstimator(Relaxation relaxation, RelaxSettings settings, DataType type, long seed) {
        this.relaxation = relaxation;
        this.width = relaxation.width();
        this.settings = settings;
        this.seed = seed;
        this.lastEta = settings.eta();
        build(type);
    }

    /** The surrogate in {@code type}, initialised from the run's seed alone. */
    private void build(DataType type) {
        network = new SurrogateNetwork(width, settings.hidden(), type, RandomStream.of(seed));
        eta = new Parameter("relax.eta", Nd4j.create(type, 1, 1));
        eta.values().set(0, settings.eta());
        List<Parameter> trained = new ArrayList<>(network.parameters());
        if (settings.learnEta()) {
            trained.add(eta);
        }
        optimiser = new Adam(Adam.Settings.of(settings.rate()), trained);
        workspace = new Workspace(type);
    }

    @Override
    public LatentFamily family() {
        return relaxation.family();
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("eta", lastEta, "lambda", settings.lambda(), "mean-squared-estimate",
                lastMeanSquare);
    }

    /** The surrogate's network, for tests. */
    SurrogateNetwork network() {
        return network;
    }

    /** The surrogate's scale eta, a trained parameter when {@code learn-eta}. */
    Parameter eta() {
        return eta;
    }

    /**
     * Makes learning steps only accumulate the variance gradient into the surrogate's parameter
     * gradients, without Adam's step, so that tests can read it.
     */
    void accumulateWithoutStepForTesting() {
        stepOptimiser = false;
    }

    /** Makes estimates take the unfused per-example kernel, for tests to compare with. */
    void useReferenceKernelForTesting() {
        referenceKernel = true;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        if (logits.dataType() != network.dataType()) {
            // A run has one data type; a caller that changes it gets a fresh surrogate.
            build(logits.dataType());
        }
        ensureCapacity(batch);
        relaxation.update(logits, batch, input.workers());
        // y (rows [0, B)) and y~ (rows [B, 2B)): the decoder's and the network's input.
        // y over the surrogate's directions in one buffer, so that the surrogate's weight
        // gradient is one product (SurrogateNetwork.accumulateSecondOrderStacked).
        INDArray stacked = workspace.get("stacked", 4L * batch, width);
        INDArray relaxed = SurrogateNetwork.rows(stacked, 0, 2L * batch);
        double inverseTemperature = 1.0 / settings.lambda();
        relaxation.draw(batch, inverseTemperature, rng, ElementView.of(relaxed),
                input.workers());

        // f(b): the only evaluation that trains the decoder.
        double[] hard = f.differentiate(relaxation.hard(batch), ones,
                Objective.Target.PARAMETERS).values();
        System.arraycopy(hard, 0, hardValues, 0, batch);

        Objective.Evaluation soft = f.differentiate(new DecoderInput.Dense(relaxed), ones,
                Objective.Target.INPUT);
        network.forward(relaxed, 2 * batch, surrogateValues, input.workers());
        ElementView y = ElementView.of(relaxed);
        ElementView dfdy = ElementView.of(soft.inputGradient());
        ElementView drdy = ElementView.of(network.inputGradient(input.workers()));

        boolean learn = input.updateState();
        double etaValue = eta.values().get(0);
        INDArray gradient = workspace.get("gradient", batch, width);
        ElementView out = ElementView.of(gradient);
        INDArray directions = learn
                ? SurrogateNetwork.rows(stacked, 2L * batch, 2L * batch)
                : null;
        ElementView directionView = learn ? ElementView.of(directions) : null;
        double[] relaxedValues = soft.values();
        input.workers().forEach(batch, b -> example(b, batch, etaValue, inverseTemperature,
                relaxedValues, y, dfdy, drdy, out, directionView));

        double meanSquare = 0;
        for (int b = 0; b < batch; b++) {
            meanSquare += squares[b] / batch;
        }
        lastEta = etaValue;
        if (learn) {
            lastMeanSquare = meanSquare;
            network.accumulateSecondOrderStacked(stacked, alpha, input.workers());
            if (settings.learnEta()) {
                double d = 0;
                for (int b = 0; b < batch; b++) {
                    d += etaTerms[b];
                }
                eta.gradients().add(0, d);
            }
            if (stepOptimiser) {
                optimiser.step();
            }
        }
        return new EstimatorStep(gradient, Arrays.copyOf(hardValues, batch));
    }

    /**
     * Example b: its estimate g into {@code out}, {@code |g|^2}, and when learning, the
     * directions {@code +-M u} of rows b and B + b, {@code alpha} of row B + b and the example's
     * term of {@code dL/d eta}.
     *
     * <p>By linearity of the chain rule, {@code -eta C_f - C_r = -(eta f(y~) + r(y~)) S
     * + M_z^T (eta df/dy + dr/dy)(y) - M_z~^T (eta df/dy + dr/dy)(y~)}: one chain rule per z and
     * one per z~ rather than one per term. eta's term then comes from the directions already
     * needed for r: {@code -<u, C_f> = -f(y~) <u, S> + <M_z u, df/dy(y)> - <M_z~ u, df/dy(y~)>}.
     * The work runs a {@link Relaxation#piece()} at a time (whole variables), so that the
     * example's buffers stay in the first-level cache.
     */
    private void example(int b, int batch, double etaValue, double inverseTemperature,
            double[] relaxedValues, ElementView y, ElementView dfdy, ElementView drdy,
            ElementView out, ElementView directions) {
        if (referenceKernel) {
            exampleReference(b, batch, etaValue, inverseTemperature, relaxedValues, y, dfdy,
                    drdy, out, directions);
            return;
        }
        if (relaxation instanceof CategoricalRelaxation categorical) {
            exampleCategorical(categorical, b, batch, etaValue, inverseTemperature,
                    relaxedValues, y, dfdy, drdy, out, directions);
            return;
        }
        int piece = relaxation.piece();
        double[] scratch = KernelScratch.doubles(0, 9 * piece);
        int yz = 0;
        int yt = piece;
        int fz = 2 * piece;
        int ft = 3 * piece;
        int cz = 4 * piece;
        int ct = 5 * piece;
        int score = 6 * piece;
        int g = 7 * piece;
        int wt = 8 * piece;
        int rowZ = b * width;
        int rowTilde = (batch + b) * width;
        double hTilde = relaxedValues[batch + b];
        double coefficient = hardValues[b] - etaValue * hTilde - surrogateValues[batch + b];
        double square = 0;
        double scoreTerm = 0;
        double firstOrderTerm = 0;
        for (int from = 0; from < width; from += piece) {
            int length = Math.min(piece, width - from);
            y.copyTo(rowZ + from, scratch, yz, length);
            y.copyTo(rowTilde + from, scratch, yt, length);
            dfdy.copyTo(rowZ + from, scratch, fz, length);
            dfdy.copyTo(rowTilde + from, scratch, ft, length);
            drdy.copyTo(rowZ + from, scratch, cz, length);
            drdy.copyTo(rowTilde + from, scratch, ct, length);
            relaxation.score(b, from, length, scratch, score);
            for (int i = 0; i < length; i++) {
                scratch[cz + i] += etaValue * scratch[fz + i];
                scratch[ct + i] += etaValue * scratch[ft + i];
                scratch[g + i] = coefficient * scratch[score + i];
            }
            relaxation.addToLogits(b, from, length, false, inverseTemperature, scratch, yz,
                    scratch, cz, 1.0, scratch, g);
            relaxation.addToLogits(b, from, length, true, inverseTemperature, scratch, yt,
                    scratch, ct, -1.0, scratch, g);
            // u = 2 g / B into the cz slot (+M_z u once adjoint) and the wt slot (-M_z~ u).
            square += PartialSums.dot(scratch, g, scratch, g, length);
            double twiceInverseBatch = 2.0 / batch;
            for (int i = 0; i < length; i++) {
                double u = twiceInverseBatch * scratch[g + i];
                scratch[cz + i] = u;
                scratch[wt + i] = -u;
            }
            scoreTerm += PartialSums.dot(scratch, cz, scratch, score, length);
            out.write(rowZ + from, scratch, g, length);
            if (directions == null) {
                continue;
            }
            relaxation.adjoint(b, from, length, false, inverseTemperature, scratch, yz, scratch,
                    cz);
            relaxation.adjoint(b, from, length, true, inverseTemperature, scratch, yt, scratch,
                    wt);
            firstOrderTerm += PartialSums.dot(scratch, cz, scratch, fz, length)
                    + PartialSums.dot(scratch, wt, scratch, ft, length);
            directions.write(rowZ + from, scratch, cz, length);
            directions.write(rowTilde + from, scratch, wt, length);
        }
        squares[b] = square;
        if (directions == null) {
            return;
        }
        etaTerms[b] = -hTilde * scoreTerm + firstOrderTerm;
        alpha[b] = 0.0;
        alpha[batch + b] = -scoreTerm;
    }

    /**
     * {@link #example} for categorical latents: the same quantities through
     * {@link CategoricalKernel} (six vectorisable passes per variable), the rows read and written
     * through {@link ElementView} (whose conversions are vectorised in core).
     */
    private void exampleCategorical(CategoricalRelaxation categorical, int b, int batch,
            double etaValue, double inverseTemperature, double[] relaxedValues, ElementView y,
            ElementView dfdy, ElementView drdy, ElementView out, ElementView directions) {
        int piece = categorical.fusedPiece();
        double[] x = KernelScratch.doubles(0, 9 * piece);
        double[] sums = KernelScratch.doubles(1, 3);
        Arrays.fill(sums, 0, 3, 0.0);
        int yz = 0;
        int yt = piece;
        int fz = 2 * piece;
        int ft = 3 * piece;
        int rz = 4 * piece;
        int rt = 5 * piece;
        int g = 6 * piece;
        int wz = 7 * piece;
        int wt = 8 * piece;
        int rowZ = b * width;
        int rowTilde = (batch + b) * width;
        double hTilde = relaxedValues[batch + b];
        double coefficient = hardValues[b] - etaValue * hTilde - surrogateValues[batch + b];
        double twiceInverseBatch = 2.0 / batch;
        boolean learn = directions != null;
        for (int from = 0; from < width; from += piece) {
            int length = Math.min(piece, width - from);
            y.copyTo(rowZ + from, x, yz, length);
            y.copyTo(rowTilde + from, x, yt, length);
            dfdy.copyTo(rowZ + from, x, fz, length);
            dfdy.copyTo(rowTilde + from, x, ft, length);
            drdy.copyTo(rowZ + from, x, rz, length);
            drdy.copyTo(rowTilde + from, x, rt, length);
            categorical.fused(b, from, length, x, yz, yt, fz, ft, rz, rt, g, wz, wt, etaValue,
                    inverseTemperature, coefficient, twiceInverseBatch, learn, sums);
            out.write(rowZ + from, x, g, length);
            if (learn) {
                directions.write(rowZ + from, x, wz, length);
                directions.write(rowTilde + from, x, wt, length);
            }
        }
        squares[b] = sums[CategoricalKernel.SQUARE];
        if (!learn) {
            return;
        }
        double scoreTerm = sums[CategoricalKernel.SCORE];
        etaTerms[b] = -hTilde * scoreTerm + sums[CategoricalKernel.FIRST_ORDER];
        alpha[b] = 0.0;
        alpha[batch + b] = -scoreTerm;
    }

    /**
     * {@link #example}'s unfused form (each term's chain rule on its own, whole rows), which
     * tests compare the fused one with.
     */
    private void exampleReference(int b, int batch, double etaValue, double inverseTemperature,
            double[] relaxedValues, ElementView y, ElementView dfdy, ElementView drdy,
            ElementView out, ElementView directions) {
        double[] scratch = KernelScratch.doubles(0, 9 * width);
        int yz = 0;
        int yt = width;
        int fz = 2 * width;
        int ft = 3 * width;
        int rz = 4 * width;
        int rt = 5 * width;
        int cf = 6 * width;
        int cr = 7 * width;
        int score = 8 * width;
        int rowZ = b * width;
        int rowTilde = (batch + b) * width;
        y.copyTo(rowZ, scratch, yz, width);
        y.copyTo(rowTilde, scratch, yt, width);
        dfdy.copyTo(rowZ, scratch, fz, width);
        dfdy.copyTo(rowTilde, scratch, ft, width);
        drdy.copyTo(rowZ, scratch, rz, width);
        drdy.copyTo(rowTilde, scratch, rt, width);
        relaxation.score(b, 0, width, scratch, score);

        // C_f = f(y~) S - df(y)/dl + df(y~)/dl, and C_r likewise with r.
        double hTilde = relaxedValues[batch + b];
        double rTilde = surrogateValues[batch + b];
        for (int i = 0; i < width; i++) {
            scratch[cf + i] = hTilde * scratch[score + i];
            scratch[cr + i] = rTilde * scratch[score + i];
        }
        relaxation.addToLogits(b, 0, width, false, inverseTemperature, scratch, yz, scratch, fz,
                -1.0, scratch, cf);
        relaxation.addToLogits(b, 0, width, true, inverseTemperature, scratch, yt, scratch, ft,
                1.0, scratch, cf);
        relaxation.addToLogits(b, 0, width, false, inverseTemperature, scratch, yz, scratch, rz,
                -1.0, scratch, cr);
        relaxation.addToLogits(b, 0, width, true, inverseTemperature, scratch, yt, scratch, rt,
                1.0, scratch, cr);

        // g = f(b) S - eta C_f - C_r over the fz slot; u = 2 g / B into the rz and rt slots.
        int g = fz;
        double square = 0;
        double etaTerm = 0;
        double scoreTerm = 0;
        for (int i = 0; i < width; i++) {
            double value = hardValues[b] * scratch[score + i] - etaValue * scratch[cf + i]
                    - scratch[cr + i];
            scratch[g + i] = value;
            square += value * value;
            double u = 2 * value / batch;
            scratch[rz + i] = u;
            scratch[rt + i] = -u;
            etaTerm -= u * scratch[cf + i];
            scoreTerm += u * scratch[score + i];
        }
        out.write(rowZ, scratch, g, width);
        squares[b] = square;
        if (directions == null) {
            return;
        }
        etaTerms[b] = etaTerm;
        alpha[b] = 0.0;
        alpha[batch + b] = -scoreTerm;
        // Directions +M_z u for row b and -M_z~ u for row B + b (the adjoint is linear).
        relaxation.adjoint(b, 0, width, false, inverseTemperature, scratch, yz, scratch, rz);
        relaxation.adjoint(b, 0, width, true, inverseTemperature, scratch, yt, scratch, rt);
        directions.write(rowZ, scratch, rz, width);
        directions.write(rowTilde, scratch, rt, width);
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        hardValues = new double[batch];
        surrogateValues = new double[2 * batch];
        alpha = new double[2 * batch];
        etaTerms = new double[batch];
        squares = new double[batch];
        ones = new double[2 * batch];
        Arrays.fill(ones, 1.0);
        capacity = batch;
    }

    /** The surrogate's weights, eta, their Adam, and the last values reported. */
    @Override
    public void saveState(StateOutput out) throws IOException {
        for (Parameter p : network.parameters()) {
            p.saveState(out);
        }
        eta.saveState(out);
        optimiser.saveState(out);
        out.writeDouble("relax.last-eta", lastEta);
        out.writeDouble("relax.last-mean-square", lastMeanSquare);
    }

    @Override
    public void restoreState(StateInput in) throws IOException {
        for (Parameter p : network.parameters()) {
            p.restoreState(in);
        }
        eta.restoreState(in);
        optimiser.restoreState(in);
        lastEta = in.readDouble("relax.last-eta");
        lastMeanSquare = in.readDouble("relax.last-mean-square");
    }
}

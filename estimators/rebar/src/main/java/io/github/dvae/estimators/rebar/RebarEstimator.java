package io.github.dvae.estimators.rebar;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.BernoulliFamily;
import io.github.dvae.core.latent.BernoulliPosterior;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.ConditionalGumbel;
import io.github.dvae.core.latent.ConditionalLogistic;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.latent.SoftmaxJacobian;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.PartialSums;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * REBAR (Tucker et al. 2017) for N categorical variables of K classes per example: logits
 * {@code B x (N * K)} in, an estimate of {@code d E_q[f] / d l} of the same shape out.
 *
 * <p>With {@code t = log softmax(l)}, {@code z = t + g} (Gumbel noise), {@code b = argmax z},
 * {@code z~ ~ z | b} ({@link ConditionalGumbel}) and {@code h(z) = f(softmax(z / lambda))} (softmax over
 * each variable's K entries), the estimate of {@code d E_q[f] / d l} for one example is
 *
 * <pre>
 *   g = A - eta C,   A = f(b) d log q(b)/dl,
 *   C = h(z~) d log q(b)/dl - d h(z)/dl + d h(z~)/dl
 * </pre>
 *
 * where the derivatives of {@code h} flow through {@code z} and {@code z~} into the logits,
 * {@code z~} through {@code pi} ({@link ConditionalGumbel#toLogits}). {@code E[C] = 0} for every lambda,
 * so g is unbiased for every eta independent of the example's own noise.
 *
 * <p>The decoder's parameters are trained at {@code f(b)} alone
 * ({@link Objective.Target#PARAMETERS}); the relaxed evaluations use
 * {@link Objective.Target#INPUT}, which leaves parameter gradients untouched, so the control
 * variate cannot leak into the decoder's gradient.
 *
 * <p>Cost per example: one hard evaluation {@code f(b)} (a gather in the decoder's first layer)
 * and two relaxed evaluations with input gradients, {@code h(z)} and {@code h(z~)}, in two
 * objective calls (B hard rows, then 2B dense rows): the fewest the SPI allows, since hard and
 * relaxed rows differ in input kind and gradient target. Tuning lambda doubles the relaxed rows.
 *
 * <p><b>eta=auto.</b> Over a coordinate-summed variance, {@code sum_i Var(A_i - eta C_i)} is least
 * at {@code eta* = E<A, C> / E<C, C>} (using {@code E[C] = 0}). Choosing eta from an example's own
 * noise would bias the estimate, so example b uses
 * {@code eta_b = (sum_{b' != b} <A, C>_b' + B m_AC) / (sum_{b' != b} <C, C>_b' + B m_CC)}: the
 * other examples of the batch (independent of b's noise) pooled with exponential moving averages
 * {@code m} (decay {@value #ETA_HISTORY_DECAY}) of the per-example means of earlier batches,
 * weighted as one batch. Until there is any information (first step with B = 1, or
 * {@code C = 0}), eta is 1. This minimises the variance of the logits' gradient, a proxy for
 * the encoder parameters' gradient, which the SPI does not expose.
 *
 * <p><b>tune-lambda=true.</b> As in REBAR, lambda descends the estimator's variance: since
 * {@code E[g]} does not depend on lambda, {@code d Var / d log lambda = E[2 <g, dg/d log lambda>]},
 * estimated per step by the batch mean of {@code 2 <g_b, dg_b / d log lambda>}. The exact
 * derivative needs second derivatives of f (through {@code d h / dl}), which the SPI does not
 * give, so {@code dg / d log lambda} is a central difference at common noise: g is evaluated at
 * {@code lambda e^{+d}} and {@code lambda e^{-d}} ({@code d} = {@value #LOG_LAMBDA_STEP}), and
 * the estimate returned is their mean, itself unbiased because REBAR is unbiased at every
 * temperature. Cost: four relaxed evaluations per example instead of two. Adam with its own
 * learning rate ({@code lambda-rate}) updates {@code log lambda}, kept in
 * [{@value RebarSettings#MIN_TUNED_LAMBDA}, {@value RebarSettings#MAX_TUNED_LAMBDA}].
 *
 * <p><b>Bernoulli units</b> (the paper's own setting) are the same with one logit per variable:
 * {@link ConditionalLogistic}'s z, {@code b = 1[z > 0]} and z~ with its slope {@code dz~/dl},
 * {@code h(z) = f(sigmoid(z / lambda))}, score {@code b - theta}, and {@code dz/dl = 1} in place
 * of the softmax's chain rule. Everything below (eta, lambda, the cost) holds for both.
 *
 * <p>Both adaptations change state only when {@link EstimatorInput#updateState()} is true, and
 * only after the estimate is formed, so the estimate of a step never depends on its own noise
 * through eta or lambda.
 */
final class RebarEstimator implements GradientEstimator {

    /** Decay of the moving averages of {@code <A, C>} and {@code <C, C>} behind eta=auto. */
    static final double ETA_HISTORY_DECAY = 0.9;

    /** Half-width, in log lambda, of the central difference behind lambda tuning. */
    static final double LOG_LAMBDA_STEP = 0.05;

    private final int variables;
    /** Logits per variable: K for categorical variables, 1 for Bernoulli units. */
    private final int classes;
    private final RebarSettings settings;
    private final LatentFamily family;
    /** The family's posterior: exactly one of the two is set. */
    private final CategoricalPosterior posterior;
    private final BernoulliPosterior units;

    private final Parameter logLambda;
    private final Adam lambdaOptimiser;
    private double etaNumeratorAverage;
    private double etaDenominatorAverage;
    private boolean etaHistoryStarted;
    private double lastEta;
    private double lastVarianceSlope;
    private boolean conditionalSampleDerivative = true;
    /** False only in tests, to compare the fused control variate with the reference one. */
    private boolean fusedControlVariate = true;

    private Workspace workspace;
    /**
     * Each worker thread's six rows (y, y~, their df/dy, pi, the slopes) of the example that
     * {@link #fusedControlVariate} is forming: this estimator's own cache, not state.
     */
    private final ThreadLocal<double[][]> fusedRows =
            ThreadLocal.withInitial(() -> new double[6][0]);
    private int capacity = -1;
    private int[] codes;
    private double[] perturbed;
    private double[] conditional;
    private double[] slope;
    private double[] control;
    private double[] controlSlope;
    private double[] hardValues;
    private double[] ones;
    private double[] productAc;
    private double[] productCc;
    private double[] etas;
    private double[] slopeTerms;

    RebarEstimator(LatentSpec spec, RebarSettings settings, DataType type) {
        this.variables = spec.variables();
        this.settings = settings;
        // The family's own work buffer: the model's KL then reuses this step's softmax.
        if (spec.kind() == LatentKind.BERNOULLI) {
            BernoulliFamily bernoulli = new BernoulliFamily(spec, type);
            this.family = bernoulli;
            this.classes = 1;
            this.posterior = null;
            this.units = bernoulli.posterior();
        } else {
            CategoricalFamily categorical = new CategoricalFamily(spec);
            this.family = categorical;
            this.classes = spec.classes();
            this.posterior = categorical.posterior();
            this.units = null;
        }
        this.lastEta = settings.eta();
        if (settings.tuneLambda()) {
            INDArray value = Nd4j.create(DataType.DOUBLE, 1);
            logLambda = new Parameter("rebar.log-lambda", value);
            logLambda.values().set(0, Math.log(settings.lambda()));
            lambdaOptimiser = new Adam(Adam.Settings.of(settings.lambdaRate()),
                    java.util.List.of(logLambda));
        } else {
            logLambda = null;
            lambdaOptimiser = null;
        }
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    /** The temperature the next estimate will use (the centre of the pair, if tuned). */
    double lambda() {
        return logLambda == null ? settings.lambda() : Math.exp(logLambda.values().get(0));
    }

    /**
     * Makes this estimator treat {@code z~} as independent of the logits, the classic porting
     * error (a detached conditional sample): tests use it to show that their checks catch it.
     */
    void dropConditionalSampleDerivativeForTesting() {
        conditionalSampleDerivative = false;
    }

    /**
     * Makes this estimator form C by the reference path (one chain rule per term, then the
     * products and the estimate in passes of their own) where it would take the fused one, so
     * that tests can compare the two at the same noise.
     */
    void useReferenceControlVariateForTesting() {
        fusedControlVariate = false;
    }

    @Override
    public Map<String, Double> diagnostics() {
        if (settings.tuneLambda()) {
            return Map.of("eta", lastEta, "lambda", lambda(),
                    "variance-slope-log-lambda", lastVarianceSlope);
        }
        return Map.of("eta", lastEta, "lambda", lambda());
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        int width = variables * classes;
        ensureCapacity(batch, logits.dataType());
        DecoderInput hardInput;
        double lambda = lambda();
        double[] temperatures = settings.tuneLambda()
                ? new double[] {lambda * Math.exp(LOG_LAMBDA_STEP),
                    lambda * Math.exp(-LOG_LAMBDA_STEP)}
                : new double[] {lambda};
        int rows = 2 * temperatures.length * batch;
        INDArray relaxed = workspace.get("relaxed", rows, width);
        ElementView y = ElementView.of(relaxed);
        // At lambda = 1/2 the draw writes y and y~ itself, never forming z and z~.
        boolean drawnRelaxed = false;
        if (units != null) {
            units.update(ElementView.of(logits), batch, input.workers());
            // Noise: per unit, one uniform for z, then one for z~ | b.
            ConditionalLogistic.draw(units.logits(), batch * variables, rng, codes, perturbed,
                    conditional, slope);
            hardInput = units.decoderInput(codes, batch);
        } else {
            posterior.update(ElementView.of(logits), batch, input.workers());
            // Noise: per variable, K Gumbels for z, then K exponentials for z~ | b.
            drawnRelaxed = temperatures.length == 1
                    && 1.0 / lambda == ConditionalGumbel.SQUARING_INVERSE_TEMPERATURE;
            if (drawnRelaxed) {
                ConditionalGumbel.drawRelaxed(posterior.probabilities(), batch * variables,
                        classes, rng, input.workers(), codes, slope, y, 0, batch * width);
            } else {
                ConditionalGumbel.draw(posterior.logProbabilities(), posterior.probabilities(),
                        batch * variables, classes, rng, input.workers(), codes, perturbed,
                        conditional, slope);
            }
            hardInput = new DecoderInput.OneHot(codes, batch, variables, classes);
        }

        // f(b): the only evaluation that trains the decoder.
        double[] hard = f.differentiate(hardInput, ones, Objective.Target.PARAMETERS).values();
        System.arraycopy(hard, 0, hardValues, 0, batch);

        // h(z) and h(z~) at each temperature, in one call, input gradients only.
        for (int ti = 0; ti < temperatures.length && !drawnRelaxed; ti++) {
            double inverse = 1.0 / temperatures[ti];
            if (units != null) {
                ConditionalLogistic.relax(perturbed, batch * variables, inverse, y,
                        2 * ti * batch * width);
                ConditionalLogistic.relax(conditional, batch * variables, inverse, y,
                        (2 * ti + 1) * batch * width);
            } else {
                ConditionalGumbel.relax(perturbed, batch * variables, classes, inverse, y,
                        2 * ti * batch * width, input.workers());
                ConditionalGumbel.relax(conditional, batch * variables, classes, inverse, y,
                        (2 * ti + 1) * batch * width, input.workers());
            }
        }
        Objective.Evaluation soft = f.differentiate(new DecoderInput.Dense(relaxed), ones,
                Objective.Target.INPUT);

        INDArray gradient = workspace.get("gradient", batch, width);
        ElementView out = ElementView.of(gradient);
        // Categorical variables at one temperature, with z~'s derivative: C per variable in one
        // pass (fusedControlVariate); with a fixed eta the estimate needs nothing from the other
        // examples, so that pass writes it too.
        boolean fused = fusedControlVariate && units == null && temperatures.length == 1
                && conditionalSampleDerivative;
        boolean written = fused && !settings.autoEta();
        controlVariate(batch, temperatures, y, ElementView.of(soft.inputGradient()),
                soft.values(), fused, written ? out : null, input.workers());
        combine(batch, written ? null : out, input.workers());
        if (input.updateState()) {
            adapt(batch);
        }
        return new EstimatorStep(gradient, Arrays.copyOf(hardValues, batch));
    }

    /**
     * Fills {@code control} with C (averaged over the temperatures), when tuning
     * {@code controlSlope} with {@code dC / d log lambda} by central difference, and the
     * products {@code <A, C>}, {@code <C, C>} that eta needs; one example per piece of work on
     * {@code workers}.
     *
     * @param y the relaxed rows, [temperature][z or z~][example]
     * @param dfdy {@code d f / d y} of those rows
     */
    private void controlVariate(int batch, double[] temperatures, ElementView y, ElementView dfdy,
            double[] relaxedValues, boolean fused, ElementView out, WorkerPool workers) {
        long work = 16L * batch * variables * classes * temperatures.length;
        if (fused) {
            double inverseTemperature = 1.0 / temperatures[0];
            workers.forEach(batch, work, b -> fusedControlVariate(b, batch, inverseTemperature,
                    y, dfdy, relaxedValues[batch + b], out));
        } else {
            workers.forEach(batch, work, b -> controlVariate(b, batch, temperatures, y, dfdy,
                    relaxedValues));
        }
    }

    /**
     * Example b's C for categorical variables at one temperature, with the products eta=auto
     * needs, or (when {@code out} is given: a fixed eta) its estimate {@code A - eta C} into its
     * row of {@code out}: {@link #controlVariate(int, int, double[], ElementView, ElementView,
     * double[])}, {@link #products} and {@link #estimate} regrouped per variable, so that a
     * variable's K entries are read while they are in cache and its loops have no branches.
     *
     * <p>Per variable, with {@code u = dh/dt} through z and {@code u~} through z~ (the first
     * half of {@link ConditionalGumbel#relaxedToLogits}) and the score
     * {@code S = onehot(b) - pi}, the logits' chain rule {@code dt_k/dl_j = delta_kj - pi_j}
     * applies once to the combination:
     * <pre>
     *   C = h(z~) S - (u - pi sum u) + (u~ - pi sum u~)
     *     = (u~ - u) - pi (h(z~) + sum u~ - sum u) + h(z~) onehot(b)
     * </pre>
     * and with {@code A = f(b) S}, {@code <A, C> = f(b) (C_b - <pi, C>)}. The same quantities
     * as the reference path up to rounding (tested).
     */
    private void fusedControlVariate(int b, int batch, double inverseTemperature, ElementView y,
            ElementView dfdy, double hTilde, ElementView out) {
        int width = variables * classes;
        int first = b * width;
        // The example's rows, each in its own array, all indexed alike: the JIT (C2, JDK 17)
        // vectorises a loop only when all its arrays share one offset, and a loop reading
        // p[first + k] beside a scratch row at k ran several times slower per entry.
        double[][] rows = fusedRows.get();
        if (rows[0].length < width) {
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new double[width];
            }
        }
        double[] yz = rows[0];
        double[] yTilde = rows[1];
        double[] upZ = rows[2];
        double[] upTilde = rows[3];
        double[] pi = rows[4];
        double[] s = rows[5];
        y.copyTo(first, yz, 0, width);
        y.copyTo((batch + b) * width, yTilde, 0, width);
        dfdy.copyTo(first, upZ, 0, width);
        dfdy.copyTo((batch + b) * width, upTilde, 0, width);
        System.arraycopy(posterior.probabilities(), first, pi, 0, width);
        System.arraycopy(slope, first, s, 0, width);
        // A fixed eta needs neither C kept for a later pass nor the products: the estimate is
        // formed from C at once, written over y (no longer needed), then out as one row.
        boolean estimate = out != null;
        double hard = hardValues[b];
        double eta = settings.eta();
        double ac = 0;
        double cc = 0;
        for (int local = 0; local < width; local += classes) {
            int end = local + classes;
            int chosen = local + codes[first / classes + local / classes];
            // u = dh/dt through z (dz/dt = 1) and u~ through z~ (dz~/dt = s), from df/dy by
            // the softmax's Jacobian: inverseTemperature y (df/dy - <y, df/dy>).
            double dotZ = PartialSums.dot(yz, local, upZ, local, classes);
            double dotTilde = PartialSums.dot(yTilde, local, upTilde, local, classes);
            for (int k = local; k < end; k++) {
                upZ[k] = inverseTemperature * yz[k] * (upZ[k] - dotZ);
            }
            for (int k = local; k < end; k++) {
                upTilde[k] = inverseTemperature * yTilde[k] * (upTilde[k] - dotTilde) * s[k];
            }
            double shift = hTilde + PartialSums.sum(upTilde, local, classes)
                    - PartialSums.sum(upZ, local, classes);
            // C, over u.
            for (int k = local; k < end; k++) {
                upZ[k] = (upTilde[k] - upZ[k]) - pi[k] * shift;
            }
            upZ[chosen] += hTilde;
            if (estimate) {
                // g = A - eta C = -f(b) pi - eta C, and f(b) more at the chosen class.
                for (int k = local; k < end; k++) {
                    yz[k] = -hard * pi[k] - eta * upZ[k];
                }
                yz[chosen] += hard;
            } else {
                ac += hard * (upZ[chosen] - PartialSums.dot(pi, local, upZ, local, classes));
                cc += PartialSums.dot(upZ, local, upZ, local, classes);
            }
        }
        productAc[b] = ac;
        productCc[b] = cc;
        if (estimate) {
            out.write(first, yz, 0, width);
        } else {
            System.arraycopy(upZ, 0, control, first, width);
        }
    }

    /** Example b's C and dC / d log lambda, into its own rows of {@code control(Slope)}. */
    private void controlVariate(int b, int batch, double[] temperatures, ElementView y,
            ElementView dfdy, double[] relaxedValues) {
        int width = variables * classes;
        double[] p = probabilities();
        double[] scratch = KernelScratch.doubles(0, 5 * width);
        int yz = 0;
        int yTilde = width;
        int upZ = 2 * width;
        int upTilde = 3 * width;
        int into = 4 * width;
        int first = b * width;
        Arrays.fill(control, first, first + width, 0.0);
        if (settings.tuneLambda()) {
            Arrays.fill(controlSlope, first, first + width, 0.0);
        }
        double share = 1.0 / temperatures.length;
        for (int ti = 0; ti < temperatures.length; ti++) {
            double inverseTemperature = 1.0 / temperatures[ti];
            double sign = ti == 0 ? 1.0 : -1.0;
            int rowZ = (2 * ti * batch + b) * width;
            int rowTilde = ((2 * ti + 1) * batch + b) * width;
            y.copyTo(rowZ, scratch, yz, width);
            y.copyTo(rowTilde, scratch, yTilde, width);
            dfdy.copyTo(rowZ, scratch, upZ, width);
            dfdy.copyTo(rowTilde, scratch, upTilde, width);
            // d h / d z and d h / d z~ from d f / d y through y = sigmoid(z / lambda) for units;
            // categorical variables take the softmax's inside relaxedToLogits.
            if (units != null) {
                SoftmaxJacobian.backward(scratch, yz, scratch, upZ, width, classes,
                        inverseTemperature);
                SoftmaxJacobian.backward(scratch, yTilde, scratch, upTilde, width, classes,
                        inverseTemperature);
            }
            double hTilde = relaxedValues[(2 * ti + 1) * batch + b];
            for (int v = 0; v < variables; v++) {
                int local = v * classes;
                int base = first + local;
                int chosen = codes[b * variables + v];
                // C = h(z~) S - dh(z)/dl + dh(z~)/dl, per temperature.
                for (int j = 0; j < classes; j++) {
                    scratch[into + local + j] = hTilde * score(chosen, j, p[base + j]);
                }
                if (units != null) {
                    // dz/dl = 1, dz~/dl = s.
                    scratch[into + local] -= scratch[upZ + local];
                    if (conditionalSampleDerivative) {
                        scratch[into + local] += slope[base] * scratch[upTilde + local];
                    }
                } else {
                    ConditionalGumbel.relaxedToLogits(scratch, yz + local, scratch, upZ + local,
                            null, base, p, classes, inverseTemperature, -1.0, scratch,
                            into + local);
                    if (conditionalSampleDerivative) {
                        ConditionalGumbel.relaxedToLogits(scratch, yTilde + local, scratch,
                                upTilde + local, slope, base, p, classes, inverseTemperature,
                                1.0, scratch, into + local);
                    }
                }
            }
            for (int i = 0; i < width; i++) {
                control[first + i] += share * scratch[into + i];
                if (settings.tuneLambda()) {
                    controlSlope[first + i] += sign * scratch[into + i] / (2 * LOG_LAMBDA_STEP);
                }
            }
        }
        products(b);
    }

    /** The posterior's probabilities, {@code B x width}: softmax, or the units' sigmoid. */
    private double[] probabilities() {
        return units != null ? units.probabilities() : posterior.probabilities();
    }

    /**
     * Entry j of one variable's score {@code d log q(b)/dl}: {@code onehot(b)_j - pi_j}, or
     * {@code b - theta} for a unit ({@code chosen} is then the bit, j is 0).
     */
    private double score(int chosen, int j, double probability) {
        if (units != null) {
            return chosen - probability;
        }
        return (j == chosen ? 1.0 : 0.0) - probability;
    }

    /**
     * Writes {@code g_b = A_b - eta_b C_b}, choosing eta_b, and the lambda variance slope: the
     * per-example products (from {@link #controlVariate}) summed in example order, so the result
     * does not depend on the number of threads, then the estimates on {@code workers}.
     */
    private void combine(int batch, ElementView out, WorkerPool workers) {
        // out is null when the fused control variate has written the estimates (fixed eta).
        long work = 6L * batch * variables * classes;
        double sumAc = 0;
        double sumCc = 0;
        for (int b = 0; b < batch; b++) {
            sumAc += productAc[b];
            sumCc += productCc[b];
        }
        for (int b = 0; b < batch; b++) {
            etas[b] = settings.autoEta() ? autoEta(batch, sumAc - productAc[b],
                    sumCc - productCc[b]) : settings.eta();
        }
        if (out != null) {
            workers.forEach(batch, work, b -> estimate(b, out));
        } else {
            Arrays.fill(slopeTerms, 0, batch, 0.0);
        }
        double etaSum = 0;
        double varianceSlope = 0;
        for (int b = 0; b < batch; b++) {
            etaSum += etas[b];
            varianceSlope += slopeTerms[b];
        }
        lastEta = etaSum / batch;
        lastVarianceSlope = varianceSlope / batch;
    }

    /** {@code <A_b, C_b>} and {@code <C_b, C_b>} of example b, once its C is complete. */
    private void products(int b) {
        double[] p = probabilities();
        double ac = 0;
        double cc = 0;
        for (int v = 0; v < variables; v++) {
            int base = (b * variables + v) * classes;
            int chosen = codes[b * variables + v];
            for (int j = 0; j < classes; j++) {
                double a = hardValues[b] * score(chosen, j, p[base + j]);
                double c = control[base + j];
                ac += a * c;
                cc += c * c;
            }
        }
        productAc[b] = ac;
        productCc[b] = cc;
    }

    /** Example b's estimate into its row of {@code out}, and its term of the variance slope. */
    private void estimate(int b, ElementView out) {
        int width = variables * classes;
        double[] p = probabilities();
        double[] row = KernelScratch.doubles(0, width);
        double eta = etas[b];
        double hard = hardValues[b];
        double varianceSlope = 0;
        for (int v = 0; v < variables; v++) {
            int local = v * classes;
            int base = b * width + local;
            int chosen = codes[b * variables + v];
            // g = A - eta C with A = f(b) (onehot(b) - pi), or f(b) (bit - theta) for a unit:
            // -f(b) pi - eta C first, in a loop without branches, then the one-hot's share.
            for (int j = 0; j < classes; j++) {
                row[local + j] = -hard * p[base + j] - eta * control[base + j];
            }
            if (units != null) {
                row[local] += hard * chosen;
            } else {
                row[local + chosen] += hard;
            }
            if (settings.tuneLambda()) {
                varianceSlope += -2 * eta * PartialSums.dot(row, local, controlSlope, base,
                        classes);
            }
        }
        out.write(b * width, row, 0, width);
        slopeTerms[b] = varianceSlope;
    }

    private double autoEta(int batch, double othersAc, double othersCc) {
        double numerator = othersAc;
        double denominator = othersCc;
        if (etaHistoryStarted) {
            numerator += batch * etaNumeratorAverage;
            denominator += batch * etaDenominatorAverage;
        }
        double eta = numerator / denominator;
        return denominator > 0 && Double.isFinite(eta) ? eta : settings.eta();
    }

    /** Updates eta's history and steps lambda, after the estimate is formed. */
    private void adapt(int batch) {
        if (settings.autoEta()) {
            double meanAc = 0;
            double meanCc = 0;
            for (int b = 0; b < batch; b++) {
                meanAc += productAc[b] / batch;
                meanCc += productCc[b] / batch;
            }
            if (etaHistoryStarted) {
                etaNumeratorAverage = ETA_HISTORY_DECAY * etaNumeratorAverage
                        + (1 - ETA_HISTORY_DECAY) * meanAc;
                etaDenominatorAverage = ETA_HISTORY_DECAY * etaDenominatorAverage
                        + (1 - ETA_HISTORY_DECAY) * meanCc;
            } else {
                etaNumeratorAverage = meanAc;
                etaDenominatorAverage = meanCc;
                etaHistoryStarted = true;
            }
        }
        if (settings.tuneLambda() && Double.isFinite(lastVarianceSlope)) {
            logLambda.gradients().set(0, lastVarianceSlope);
            lambdaOptimiser.step();
            double clamped = Math.max(Math.log(RebarSettings.MIN_TUNED_LAMBDA),
                    Math.min(Math.log(RebarSettings.MAX_TUNED_LAMBDA), logLambda.values().get(0)));
            logLambda.values().set(0, clamped);
        }
    }

    private void ensureCapacity(int batch, DataType type) {
        if (workspace == null || workspace.dataType() != type) {
            workspace = new Workspace(type);
        }
        if (batch <= capacity) {
            return;
        }
        int groups = batch * variables;
        int width = groups * classes;
        codes = new int[groups];
        perturbed = new double[width];
        conditional = new double[width];
        slope = new double[width];
        control = new double[width];
        controlSlope = settings.tuneLambda() ? new double[width] : null;
        hardValues = new double[batch];
        productAc = new double[batch];
        productCc = new double[batch];
        etas = new double[batch];
        slopeTerms = new double[batch];
        // Weights of the widest call: four relaxed rows per example when tuning.
        ones = new double[4 * batch];
        Arrays.fill(ones, 1.0);
        capacity = batch;
    }

    /** The variance-optimal eta's running averages, the tuned lambda and its own Adam. */
    @Override
    public void saveState(StateOutput out) throws IOException {
        out.writeDouble("rebar.eta-numerator", etaNumeratorAverage);
        out.writeDouble("rebar.eta-denominator", etaDenominatorAverage);
        out.writeBoolean("rebar.eta-started", etaHistoryStarted);
        out.writeDouble("rebar.last-eta", lastEta);
        out.writeDouble("rebar.last-variance-slope", lastVarianceSlope);
        if (logLambda != null) {
            logLambda.saveState(out);
        }
        if (lambdaOptimiser != null) {
            lambdaOptimiser.saveState(out);
        }
    }

    @Override
    public void restoreState(StateInput in) throws IOException {
        etaNumeratorAverage = in.readDouble("rebar.eta-numerator");
        etaDenominatorAverage = in.readDouble("rebar.eta-denominator");
        etaHistoryStarted = in.readBoolean("rebar.eta-started");
        lastEta = in.readDouble("rebar.last-eta");
        lastVarianceSlope = in.readDouble("rebar.last-variance-slope");
        if (logLambda != null) {
            logLambda.restoreState(in);
        }
        if (lambdaOptimiser != null) {
            lambdaOptimiser.restoreState(in);
        }
    }
}

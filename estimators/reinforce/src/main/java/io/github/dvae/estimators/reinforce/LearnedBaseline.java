package io.github.dvae.estimators.reinforce;

import io.github.dvae.core.nn.Activation;
import io.github.dvae.core.nn.Mlp;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import java.io.IOException;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NVIL's baseline (Mnih and Gregor 2014, section 3): {@code b(x) = c + C(x)}, where c is a
 * running mean of the residual {@code f - C(x)} and C is an MLP on the data {@code x} (one ReLU
 * hidden layer, one linear output) trained by squared error toward {@code f - c}. With variance
 * normalisation, the centred signal {@code f - b(x)} is also divided by {@code max(1, s)}, where
 * {@code s^2} is a running mean of its square.
 *
 * <p>Why the running mean as well as the MLP: {@code f} is hundreds of nats on images, and an MLP
 * whose output moves by about the learning rate per Adam step would take many thousands of steps
 * to reach it; c absorbs the scale at once and the MLP learns the input-dependent rest.
 *
 * <p>Unbiasedness: {@code b(x)} and s depend on {@code x} and on past batches only, never on this
 * batch's samples (the running statistics and the MLP change only after the signal is formed), so
 * {@code E[(f - b(x)) grad log q] = grad E[f]}. Normalisation divides that expectation by
 * {@code max(1, s)}: unbiased in direction, a step size in magnitude (see the README).
 */
final class LearnedBaseline {

    private final Mlp network;
    private final int dataWidth;
    private final DataType type;
    private final double decay;
    private final boolean normalise;
    private final Workspace workspace;
    private double runningMean;
    private double runningSquare;
    private boolean started;
    private double lastSquaredError = Double.NaN;

    /** {@code C(x_b)} of the last {@link #predict}, without c. */
    private double[] networkOutputs = new double[0];

    LearnedBaseline(int dataWidth, int hidden, double decay, boolean normalise, DataType type,
            long seed) {
        this.network = new Mlp("reinforce.baseline", new int[] {dataWidth, hidden, 1},
                Activation.IDENTITY, type, RandomStream.of(seed));
        this.dataWidth = dataWidth;
        this.type = type;
        this.decay = decay;
        this.normalise = normalise;
        this.workspace = new Workspace(type);
    }

    List<Parameter> parameters() {
        return network.parameters();
    }

    /**
     * {@code b(x_b) = c + C(x_b)} for each example of {@code data} ({@code B x D}), into
     * {@code out}; keeps the forward pass for {@link #learn}.
     */
    void predict(INDArray data, double[] out) {
        if (data.rank() != 2 || data.columns() != dataWidth || data.dataType() != type) {
            throw new IllegalArgumentException("the learned baseline was built for data of "
                    + dataWidth + " columns of type " + type + ", got " + data.shapeInfoToString());
        }
        int batch = data.rows();
        ElementView prediction = ElementView.of(network.forward(data));
        if (networkOutputs.length < batch) {
            networkOutputs = new double[batch];
        }
        for (int b = 0; b < batch; b++) {
            networkOutputs[b] = prediction.get(b);
            out[b] = runningMean + networkOutputs[b];
        }
    }

    /** What the centred signal is divided by: {@code max(1, s)}, or 1 without normalisation. */
    double scale() {
        return normalise ? Math.max(1.0, Math.sqrt(runningSquare)) : 1.0;
    }

    /**
     * After the signal of this batch is formed: accumulates into the MLP's parameter gradients
     * the gradient of {@code mean_b (C(x_b) - (mean_s f_sb - c))^2 / 2}, and moves the running
     * statistics toward this batch's residuals {@code f - C(x)}.
     *
     * @param values f per row, {@code samples * batch} rows, sample-major
     */
    void learn(double[] values, int samples, int batch) {
        INDArray outputGradient = workspace.get("baseline-output-gradient", batch, 1);
        ElementView g = ElementView.of(outputGradient);
        double residualSum = 0;
        double squaredError = 0;
        for (int b = 0; b < batch; b++) {
            double meanF = 0;
            for (int s = 0; s < samples; s++) {
                double v = values[s * batch + b];
                meanF += v;
                residualSum += v - networkOutputs[b];
            }
            meanF /= samples;
            double error = networkOutputs[b] - (meanF - runningMean);
            squaredError += error * error;
            g.set(b, error / batch);
        }
        network.backward(outputGradient, false, 1.0);
        lastSquaredError = squaredError / batch;

        int rows = samples * batch;
        double batchMean = residualSum / rows;
        double centre = started ? runningMean : batchMean;
        double batchSquare = 0;
        for (int r = 0; r < rows; r++) {
            double d = values[r] - networkOutputs[r % batch] - centre;
            batchSquare += d * d;
        }
        batchSquare /= rows;
        if (started) {
            runningMean = decay * runningMean + (1 - decay) * batchMean;
            runningSquare = decay * runningSquare + (1 - decay) * batchSquare;
        } else {
            runningMean = batchMean;
            runningSquare = batchSquare;
            started = true;
        }
    }

    /** Running mean c, signal standard deviation s, and the MLP's last squared error. */
    double runningMean() {
        return runningMean;
    }

    double signalStandardDeviation() {
        return Math.sqrt(runningSquare);
    }

    double lastSquaredError() {
        return lastSquaredError;
    }

    /** The running statistics of the signal (the network's weights are the model's to save). */
    void saveState(StateOutput out) throws IOException {
        out.writeDouble("nvil.running-mean", runningMean);
        out.writeDouble("nvil.running-square", runningSquare);
        out.writeBoolean("nvil.started", started);
        out.writeDouble("nvil.last-squared-error", lastSquaredError);
    }

    void restoreState(StateInput in) throws IOException {
        runningMean = in.readDouble("nvil.running-mean");
        runningSquare = in.readDouble("nvil.running-square");
        started = in.readBoolean("nvil.started");
        lastSquaredError = in.readDouble("nvil.last-squared-error");
    }
}

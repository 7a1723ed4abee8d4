package io.github.dvae.estimators.relax;

import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.MatrixProduct;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RELAX's learned part of the surrogate, {@code r(y) = v . tanh(W^T y + a) + c}: one tanh hidden
 * layer of H units on a relaxed sample y of width D, one linear output, per row. Shapes: W is
 * {@code D x H}, a and v have H entries, c one; a batch of inputs is {@code rows x D}.
 *
 * <p>Three passes, each a few matrix products into preallocated buffers:
 * <ul>
 *   <li>{@link #forward}: {@code r} per row;
 *   <li>{@link #inputGradient}: {@code dr/dy} per row ({@code rows x D}), which the estimate uses;
 *   <li>{@link #accumulateSecondOrder}: for given directions {@code d_r} and coefficients
 *       {@code alpha_r}, the gradient with respect to (W, a, v, c) of
 *       {@code J = sum_r alpha_r r(y_r) + d_r . dr/dy(y_r)}: the forward tangent (R-operator) of
 *       the input gradient, differentiated by hand. With {@code h = tanh(p)}, {@code p = W^T y +
 *       a}, tangent {@code q = W^T d}, {@code h' = 1 - h^2}, {@code h'' = -2 h h'}:
 *       <pre>
 *   dJ/dv_j = alpha h_j + h'_j q_j        dJ/dc = alpha
 *   dJ/da_j = alpha v_j h'_j + v_j h''_j q_j =: P_j
 *   dJ/dW   = y P^T + d (v . h')^T        (summed over rows)
 *       </pre>
 *       The variance gradient of the RELAX estimate is of this form (see {@link RelaxEstimator}).
 * </ul>
 * tanh rather than ReLU so that the second-order pass is exact everywhere (ReLU's second
 * derivative is zero almost everywhere, which would drop the curvature term and make finite
 * differences ill-defined at kinks).
 *
 * <p>Initialisation from the run's seed: W normal with standard deviation {@code 1/sqrt(D)}, a, v
 * and c zero, so that {@code r = 0} at the start and RELAX begins as REBAR with the same eta.
 */
final class SurrogateNetwork {

    private final int width;
    private final int hidden;
    private final DataType type;
    private final Parameter weight;
    private final Parameter hiddenBias;
    private final Parameter outputWeight;
    private final Parameter outputBias;
    private final Workspace workspace;

    /** {@code tanh} of the last forward pass, {@code rows x H}. */
    private double[] activations = new double[0];
    /** {@code v_j h'_j} of the last forward pass, {@code rows x H}. */
    private double[] gates = new double[0];
    private double[] staged = new double[0];
    private final double[] biasValues;
    private final double[] outputValues;
    private final double[] hiddenBiasGradient;
    private final double[] outputWeightGradient;
    private int lastRows;

    SurrogateNetwork(int width, int hidden, DataType type, RandomStream rng) {
        this.width = width;
        this.hidden = hidden;
        this.type = type;
        INDArray w = Nd4j.create(type, width, hidden);
        ElementView wv = ElementView.of(w);
        double scale = 1.0 / Math.sqrt(width);
        for (int i = 0; i < wv.length(); i++) {
            wv.set(i, scale * rng.nextGaussian());
        }
        this.weight = new Parameter("relax.surrogate.weight", w);
        this.hiddenBias = new Parameter("relax.surrogate.hidden-bias",
                Nd4j.create(type, 1, hidden));
        this.outputWeight = new Parameter("relax.surrogate.output-weight",
                Nd4j.create(type, 1, hidden));
        this.outputBias = new Parameter("relax.surrogate.output-bias", Nd4j.create(type, 1, 1));
        this.workspace = new Workspace(type);
        this.biasValues = new double[hidden];
        this.outputValues = new double[hidden];
        this.hiddenBiasGradient = new double[hidden];
        this.outputWeightGradient = new double[hidden];
    }

    List<Parameter> parameters() {
        return List.of(weight, hiddenBias, outputWeight, outputBias);
    }

    DataType dataType() {
        return type;
    }

    int hidden() {
        return hidden;
    }

    /**
     * {@code r(y_r)} for the {@code rows} rows of {@code y} ({@code rows x D}) into {@code out};
     * keeps what {@link #inputGradient} and {@link #accumulateSecondOrder} need.
     */
    void forward(INDArray y, int rows, double[] out, WorkerPool budget) {
        check(y, rows);
        INDArray pre = workspace.get("pre", rows, hidden);
        MatrixProduct.gemm(y, weight.value(), pre, false, false, 1.0, 0.0, budget);
        int n = rows * hidden;
        if (activations.length < n) {
            activations = new double[n];
            gates = new double[n];
            staged = new double[n];
        }
        ElementView.of(pre).copyTo(0, activations, 0, n);
        hiddenBias.values().copyTo(0, biasValues, 0, hidden);
        outputWeight.values().copyTo(0, outputValues, 0, hidden);
        double c = outputBias.values().get(0);
        for (int r = 0; r < rows; r++) {
            double sum = c;
            for (int j = 0; j < hidden; j++) {
                int at = r * hidden + j;
                double h = Math.tanh(activations[at] + biasValues[j]);
                activations[at] = h;
                gates[at] = outputValues[j] * (1 - h * h);
                sum += outputValues[j] * h;
            }
            out[r] = sum;
        }
        lastRows = rows;
    }

    /**
     * {@code dr/dy} of the rows of the last {@link #forward}, {@code rows x D}: a buffer of this
     * network's, overwritten by the next call.
     */
    INDArray inputGradient(WorkerPool budget) {
        int rows = lastRows;
        INDArray gate = workspace.get("gate", rows, hidden);
        ElementView.of(gate).write(0, gates, 0, rows * hidden);
        INDArray out = workspace.get("input-gradient", rows, width);
        MatrixProduct.gemm(gate, weight.value(), out, false, true, 1.0, 0.0, budget);
        return out;
    }

    /**
     * Adds to the parameters' gradients the gradient of
     * {@code J = sum_r alpha_r r(y_r) + d_r . dr/dy(y_r)} at the rows of the last
     * {@link #forward} (which must have been on {@code y}). Copies y and d into one buffer;
     * {@link #accumulateSecondOrderStacked} takes them already stacked.
     *
     * @param y the rows of the last forward pass, {@code rows x D}
     * @param directions {@code d_r}, {@code rows x D}
     * @param alpha {@code alpha_r}, one per row
     * @param budget the run's threads, for the products ({@link MatrixProduct})
     */
    void accumulateSecondOrder(INDArray y, INDArray directions, double[] alpha,
            WorkerPool budget) {
        int rows = lastRows;
        check(y, rows);
        check(directions, rows);
        INDArray stacked = workspace.get("stacked", 2L * rows, width);
        rows(stacked, 0, rows).assign(y);
        rows(stacked, rows, rows).assign(directions);
        accumulateSecondOrderStacked(stacked, alpha, budget);
    }

    /**
     * {@link #accumulateSecondOrder} with y and d in one c-ordered {@code 2 rows x D} array, y in
     * rows {@code [0, rows)} and d in rows {@code [rows, 2 rows)}: then
     * {@code dJ/dW = y^T P + d^T (v . h') = [y; d]^T [P; v . h']} is one product, not two (the
     * same sums, one pass over W's gradient fewer).
     *
     * @param stacked y over d, {@code 2 rows x D}; y must be the last forward pass's rows
     * @param alpha {@code alpha_r}, one per row
     * @param budget the run's threads, for the products ({@link MatrixProduct})
     */
    void accumulateSecondOrderStacked(INDArray stacked, double[] alpha, WorkerPool budget) {
        int rows = lastRows;
        if (stacked.rank() != 2 || stacked.rows() != 2L * rows || stacked.columns() != width
                || stacked.dataType() != type || stacked.ordering() != 'c') {
            throw new IllegalArgumentException("the surrogate takes " + 2 * rows + " x " + width
                    + " stacked rows of " + type + ", got " + stacked.shapeInfoToString());
        }
        INDArray directions = rows(stacked, rows, rows);
        int n = rows * hidden;
        INDArray tangent = workspace.get("tangent", rows, hidden);
        MatrixProduct.gemm(directions, weight.value(), tangent, false, false, 1.0, 0.0, budget);
        ElementView.of(tangent).copyTo(0, staged, 0, n);
        double outputBiasGradient = 0;
        Arrays.fill(hiddenBiasGradient, 0.0);
        Arrays.fill(outputWeightGradient, 0.0);
        for (int r = 0; r < rows; r++) {
            double a = alpha[r];
            outputBiasGradient += a;
            for (int j = 0; j < hidden; j++) {
                int at = r * hidden + j;
                double h = activations[at];
                double slope = 1 - h * h;
                double q = staged[at];
                outputWeightGradient[j] += a * h + slope * q;
                // P_rj = alpha v_j h'_j + v_j h''_j q_j, with h'' = -2 h h'.
                double p = outputValues[j] * slope * (a - 2 * h * q);
                staged[at] = p;
                hiddenBiasGradient[j] += p;
            }
        }
        outputBias.gradients().add(0, outputBiasGradient);
        for (int j = 0; j < hidden; j++) {
            hiddenBias.gradients().add(j, hiddenBiasGradient[j]);
            outputWeight.gradients().add(j, outputWeightGradient[j]);
        }
        INDArray factors = workspace.get("curvature-and-gate", 2L * rows, hidden);
        ElementView view = ElementView.of(factors);
        view.write(0, staged, 0, n);
        view.write(n, gates, 0, n);
        MatrixProduct.gemm(stacked, factors, weight.gradient(), true, false, 1.0, 1.0, budget);
    }

    /**
     * Rows {@code [from, from + count)} of the c-ordered matrix {@code a}, as a c-ordered view
     * of its memory (ND4J's interval view of a single column would report f order).
     */
    static INDArray rows(INDArray a, long from, long count) {
        long columns = a.columns();
        return Nd4j.create(a.data(), new long[] {count, columns}, new long[] {columns, 1},
                a.offset() + from * columns, 'c', a.dataType());
    }

    private void check(INDArray x, int rows) {
        if (x.rank() != 2 || x.rows() != rows || x.columns() != width || x.dataType() != type) {
            throw new IllegalArgumentException("the surrogate takes " + rows + " x " + width
                    + " rows of " + type + ", got " + x.shapeInfoToString());
        }
    }
}

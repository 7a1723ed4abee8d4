package io.github.dvae.core.nn;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.KernelScratch;
import io.github.dvae.core.tensor.MatrixProduct;
import io.github.dvae.core.tensor.VectorModule;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer {@code y = act(x W + b)} with an explicit backward pass.
 *
 * <p>Shapes: input {@code rows x in}, weight {@code in x out}, bias {@code 1 x out}, output
 * {@code rows x out}. Initialised as PyTorch's {@code nn.Linear}: weight and bias uniform on
 * {@code (-1/sqrt(in), 1/sqrt(in))}.
 *
 * <p>Buffers are allocated once per row count and reused, so a training step allocates nothing.
 * The arrays {@link #forward} and {@link #backward} return belong to the layer and stay valid
 * until its next call with the same row count. A one-hot input (a categorical sample) or a bit
 * vector (Bernoulli units) given by its codes can make the product a gather-sum of rows of
 * {@code W}, and its weight gradient a scatter-add: {@link #forwardOneHot}, {@link #forwardBits}
 * and the backward pass that follows them do so when the input is sparse enough to pay
 * ({@link #GATHER_SPARSITY}), and multiply the 0/1 matrix otherwise.
 */
public final class DenseLayer {

    /**
     * Whether {@link LayerKernels} (the Vector API) takes the whole vectors of the float bias
     * and activation loop; the same bits either way.
     */
    private static final boolean VECTOR_API = VectorModule.PRESENT;


    /** Rows per piece of parallel elementwise work: fixed, so results ignore the thread count. */
    private static final int ROWS_PER_PIECE = 16;

    /**
     * A sparse input is gathered when at most one input in this many is set, and multiplied as
     * a dense 0/1 matrix otherwise. A gathered row costs a copy of {@code outputs} floats out of
     * ND4J's memory and their sum, in Java; the product does every input's arithmetic, but at
     * BLAS speed, some 20-40 times Java's here. So a one-hot input is gathered from K = 32
     * classes on: measured (benchmarks/README.md), the gather pays at 20 x 256 and loses at
     * 20 x 10, and Bernoulli bits (about half set) go to the product.
     */
    static final int GATHER_SPARSITY = 32;

    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final Parameter weight;
    private final Parameter bias;
    private final RowBuffers buffers;
    private final WorkerPool workers;

    /** Input of the last forward pass (dense) or null if it was one-hot or bits. */
    private INDArray lastInput;
    /** The weight rows the last forward pass selected, or null if its input was dense. */
    private Selection lastSelection;
    private RowBuffers.Set last;
    /** The bias gradient's partial sums, one row of {@code outputs} per piece of rows. */
    private double[] partialSums = new double[0];
    /** One row of a materialised 0/1 input, written to ND4J in bulk. */
    private float[] denseRow = new float[0];

    /**
     * A sparse binary input by the weight rows it selects: one-hot codes ({@code classes > 0}:
     * variable n selects row {@code n * classes + code}) or bits ({@code classes == 0}: unit n
     * selects row n if its bit is set). Every selected row of one variable lies in that
     * variable's own block of rows, which is what lets the scatter-add split by variable.
     */
    private record Selection(int[] codes, int variables, int classes) {

        /** The weight row variable {@code n} of input row {@code r} selects, or -1 for none. */
        int row(int r, int n) {
            int c = codes[r * variables + n];
            if (classes == 0) {
                return c != 0 ? n : -1;
            }
            return n * classes + c;
        }
    }

    public DenseLayer(String name, int inputs, int outputs, Activation activation, DataType type,
            RandomStream rng) {
        this(name, inputs, outputs, activation, type, rng, WorkerPool.SERIAL);
    }

    /** A layer whose elementwise work is spread over {@code workers}. */
    public DenseLayer(String name, int inputs, int outputs, Activation activation, DataType type,
            RandomStream rng, WorkerPool workers) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("layer " + name + " needs positive sizes, got "
                    + inputs + " x " + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        double bound = 1.0 / Math.sqrt(inputs);
        this.weight = new Parameter(name + ".weight", uniform(type, inputs, outputs, bound, rng));
        this.bias = new Parameter(name + ".bias", uniform(type, 1, outputs, bound, rng));
        this.buffers = new RowBuffers(type, inputs, outputs);
        this.workers = workers;
    }

    private static INDArray uniform(DataType type, int rows, int cols, double bound,
            RandomStream rng) {
        INDArray a = Nd4j.create(type, rows, cols);
        ElementView v = ElementView.of(a);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, (2 * rng.nextDouble() - 1) * bound);
        }
        return a;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Activation activation() {
        return activation;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** {@code act(x W + b)} for {@code x} of shape {@code rows x inputs}. */
    public INDArray forward(INDArray x) {
        int rows = checkRows(x, inputs, "input");
        RowBuffers.Set set = buffers.forRows(rows);
        MatrixProduct.gemm(x, weight.value(), set.output, false, false, 1.0, 0.0, workers);
        addBiasAndActivate(set.outputView, rows);
        lastInput = x;
        lastSelection = null;
        last = set;
        return set.output;
    }

    /**
     * The forward pass for a one-hot input given by its codes: {@code codes[r * variables + n]} is
     * the class of variable {@code n} in row {@code r}, so the input row is the concatenation of
     * {@code variables} one-hot vectors of length {@code classes}. Equal to {@link #forward} of
     * that input, at the cost of a gather when K is large (see {@link #GATHER_SPARSITY}).
     */
    public INDArray forwardOneHot(int[] codes, int rows, int variables, int classes) {
        if (variables * classes != inputs) {
            throw new IllegalArgumentException("one-hot input of " + variables + " x " + classes
                    + " does not match a layer of " + inputs + " inputs");
        }
        return forwardSelected(new Selection(codes, variables, classes), rows);
    }

    /**
     * The forward pass for a binary input given by its bits: {@code bits[r * inputs + n]} in {0,
     * 1} is input {@code n} of row {@code r}. Equal to {@link #forward} of that 0/1 matrix; when
     * few bits are set, computed by summing the weight rows whose bit is set, and the backward
     * pass that follows adds the weight gradient to those rows only.
     */
    public INDArray forwardBits(int[] bits, int rows) {
        return forwardSelected(new Selection(bits, inputs, 0), rows);
    }

    private INDArray forwardSelected(Selection selection, int rows) {
        if (!sparseEnough(selection, rows)) {
            return forward(materialise(selection, rows));
        }
        RowBuffers.Set set = buffers.forRows(rows);
        ElementView w = weight.values();
        ElementView out = set.outputView;
        ElementView b = bias.values();
        int variables = selection.variables();
        boolean floats = w.array().dataType() == DataType.FLOAT;
        // Each output row is the bias plus the weight rows its input selects; rows are
        // independent, so they are split across threads.
        workers.forRange(rows, ROWS_PER_PIECE, (long) rows * variables * outputs, (from, to) -> {
            double[] sum = KernelScratch.doubles(0, outputs);
            double[] row = KernelScratch.doubles(1, outputs);
            // The bias widened once per piece, not once per row.
            double[] biasRow = KernelScratch.doubles(2, outputs);
            b.copyTo(0, biasRow, 0, outputs);
            // Float weights are copied as floats and widened in the add: one pass over the row
            // instead of a widening copy and an add; widening is exact, so the sums are the same.
            float[] rowFloats = floats ? new float[outputs] : null;
            for (int r = from; r < to; r++) {
                System.arraycopy(biasRow, 0, sum, 0, outputs);
                for (int n = 0; n < variables; n++) {
                    int selected = selection.row(r, n);
                    if (selected < 0) {
                        continue;
                    }
                    if (floats) {
                        w.copyTo(selected * outputs, rowFloats, 0, outputs);
                        for (int j = 0; j < outputs; j++) {
                            sum[j] += rowFloats[j];
                        }
                    } else {
                        w.copyTo(selected * outputs, row, 0, outputs);
                        for (int j = 0; j < outputs; j++) {
                            sum[j] += row[j];
                        }
                    }
                }
                activate(sum, outputs);
                out.write(r * outputs, sum, 0, outputs);
            }
        });
        lastInput = null;
        lastSelection = selection;
        last = set;
        return set.output;
    }

    /** Whether at most one input in {@link #GATHER_SPARSITY} is set. */
    private boolean sparseEnough(Selection selection, int rows) {
        long limit = (long) rows * inputs / GATHER_SPARSITY;
        if (selection.classes() > 0) {
            return (long) rows * selection.variables() <= limit;
        }
        int[] codes = selection.codes();
        long set = 0;
        for (int i = 0, n = rows * selection.variables(); i < n; i++) {
            set += codes[i] != 0 ? 1 : 0;
        }
        return set <= limit;
    }

    /** Whether the last forward pass gathered weight rows (a sparse input), not multiplied. */
    boolean gathered() {
        return lastSelection != null;
    }

    /**
     * The 0/1 input matrix a selection stands for, in the layer's own buffer for this row count:
     * one bulk write per row.
     */
    private INDArray materialise(Selection selection, int rows) {
        RowBuffers.Set set = buffers.forRows(rows);
        ElementView x = set.denseInputView();
        if (denseRow.length < inputs) {
            denseRow = new float[inputs];
        }
        float[] row = denseRow;
        int variables = selection.variables();
        for (int r = 0; r < rows; r++) {
            Arrays.fill(row, 0, inputs, 0f);
            for (int n = 0; n < variables; n++) {
                int selected = selection.row(r, n);
                if (selected >= 0) {
                    row[selected] = 1f;
                }
            }
            x.write(r * inputs, row, 0, inputs);
        }
        return set.denseInput();
    }

    private void addBiasAndActivate(ElementView out, int rows) {
        ElementView b = bias.values();
        if (out.array().dataType() == DataType.FLOAT
                && (activation.kind() == Activation.Kind.IDENTITY
                        || activation.kind() == Activation.Kind.RELU)) {
            // In float, the double path's bits: a double sum of two floats rounded to float is
            // their correctly rounded float sum (53 >= 2 * 24 + 2 bits), max with 0 commutes
            // with the rounding, and the flush is the one a double write applies. The rows move
            // as plain float copies, where the double path widened and narrowed every element
            // in loops Java 17 does not vectorise.
            boolean relu = activation.kind() == Activation.Kind.RELU;
            workers.forRange(rows, ROWS_PER_PIECE, (long) rows * outputs, (from, to) -> {
                float[] bias = new float[outputs];
                float[] row = new float[outputs];
                b.copyTo(0, bias, 0, outputs);
                for (int r = from; r < to; r++) {
                    out.copyTo(r * outputs, row, 0, outputs);
                    // The flush's bit operations keep C2 (Java 17) from vectorising the loops
                    // below (measured: eight times slower than the plain add): whole vectors go
                    // through the Vector API where the JVM has it.
                    int done = VECTOR_API ? LayerKernels.addBias(row, bias, outputs, relu) : 0;
                    if (relu) {
                        for (int j = done; j < outputs; j++) {
                            row[j] = flushToZero(Math.max(row[j] + bias[j], 0f));
                        }
                    } else {
                        for (int j = done; j < outputs; j++) {
                            row[j] = flushToZero(row[j] + bias[j]);
                        }
                    }
                    out.write(r * outputs, row, 0, outputs);
                }
            });
            return;
        }
        workers.forRange(rows, ROWS_PER_PIECE, (long) rows * outputs, (from, to) -> {
            double[] bias = KernelScratch.doubles(0, outputs);
            double[] row = KernelScratch.doubles(1, outputs);
            b.copyTo(0, bias, 0, outputs);
            for (int r = from; r < to; r++) {
                out.copyTo(r * outputs, row, 0, outputs);
                for (int j = 0; j < outputs; j++) {
                    row[j] += bias[j];
                }
                activate(row, outputs);
                out.write(r * outputs, row, 0, outputs);
            }
        });
    }

    /**
     * {@code v}, or +0 where it is zero or subnormal: what {@link ElementView}'s double writes
     * store into a float array, branch-free on the bits (a zero exponent field marks zero and
     * subnormals) so that loops over it vectorise.
     */
    static float flushToZero(float v) {
        int bits = Float.floatToRawIntBits(v);
        return Float.intBitsToFloat(bits & ~(((bits & 0x7f800000) - 1) >> 31));
    }

    /**
     * Applies the activation in place to {@code row[0, n)}; one loop per activation so that each
     * vectorises.
     */
    private void activate(double[] row, int n) {
        switch (activation.kind()) {
            case IDENTITY:
                break;
            case RELU:
                for (int j = 0; j < n; j++) {
                    row[j] = Math.max(row[j], 0.0);
                }
                break;
            case LEAKY_RELU:
                double slope = activation.negativeSlope();
                for (int j = 0; j < n; j++) {
                    row[j] = row[j] > 0 ? row[j] : slope * row[j];
                }
                break;
            default:
                for (int j = 0; j < n; j++) {
                    row[j] = activation.apply(row[j]);
                }
                break;
        }
    }

    /**
     * Back-propagates {@code gradOutput} (d loss / d output of the last forward pass, {@code rows x
     * outputs}), adding d loss / d W and d loss / d b to the parameters' gradients.
     *
     * @param gradOutput overwritten with d loss / d pre-activation
     * @param wantInputGradient whether to compute d loss / d input
     * @return d loss / d input ({@code rows x inputs}, owned by the layer), or null if not wanted
     */
    public INDArray backward(INDArray gradOutput, boolean wantInputGradient) {
        return backward(gradOutput, wantInputGradient, 1.0);
    }

    /**
     * As {@link #backward(INDArray, boolean)}, with the parameter gradients' contribution scaled by
     * {@code parameterScale} (the input gradient is not scaled). A scale of 0 leaves the parameter
     * gradients untouched and skips their computation.
     */
    public INDArray backward(INDArray gradOutput, boolean wantInputGradient,
            double parameterScale) {
        RowBuffers.Set set = last;
        if (set == null) {
            throw new IllegalStateException("backward before forward");
        }
        int rows = set.rows;
        checkRows(gradOutput, outputs, "output gradient");
        if (gradOutput.rows() != rows) {
            throw new IllegalArgumentException("output gradient has " + gradOutput.rows()
                    + " rows, the last forward pass had " + rows);
        }
        ElementView g = ElementView.of(gradOutput);
        activationBackwardAndBiasGradient(g, set.outputView, rows, parameterScale);
        if (parameterScale != 0) {
            if (lastSelection != null) {
                scatterAddWeightGradient(g, rows, parameterScale);
            } else {
                MatrixProduct.gemm(lastInput, gradOutput, weight.gradient(), true, false,
                        parameterScale, 1.0, workers);
            }
        }
        if (!wantInputGradient) {
            return null;
        }
        INDArray gradInput = set.inputGradient();
        MatrixProduct.gemm(gradOutput, weight.value(), gradInput, false, true, 1.0, 0.0, workers);
        return gradInput;
    }

    /**
     * {@code g *= act'(y)} in place, and {@code db += scale * sum over rows of g}. Rows are split
     * in fixed pieces whose partial sums are added in order, so the result does not depend on the
     * number of threads.
     */
    private void activationBackwardAndBiasGradient(ElementView g, ElementView y, int rows,
            double scale) {
        int pieces = (rows + ROWS_PER_PIECE - 1) / ROWS_PER_PIECE;
        if (partialSums.length < pieces * outputs) {
            partialSums = new double[pieces * outputs];
        }
        double[] partial = partialSums;
        workers.forEach(pieces, (long) rows * outputs, piece -> {
            int at = piece * outputs;
            // The piece's sum at offset 0, beside the rows it adds: a loop over two arrays at
            // different offsets is not vectorised (see scatterAddWeightGradient).
            double[] sum = KernelScratch.doubles(2, outputs);
            Arrays.fill(sum, 0, outputs, 0.0);
            double[] grad = KernelScratch.doubles(0, outputs);
            double[] out = KernelScratch.doubles(1, outputs);
            int from = piece * ROWS_PER_PIECE;
            int to = Math.min(rows, from + ROWS_PER_PIECE);
            for (int r = from; r < to; r++) {
                g.copyTo(r * outputs, grad, 0, outputs);
                if (activation.kind() != Activation.Kind.IDENTITY) {
                    y.copyTo(r * outputs, out, 0, outputs);
                    if (activation.kind() == Activation.Kind.RELU) {
                        // Branch-free on the bits: keeps grad where 0 < y <= +inf, else +0. (Meant
                        // to vectorise, but C2 on Java 17 vectorises no loop moving doubles to
                        // long bits and back either, as measured on LayerKernels' and the KL's
                        // loops; the hidden layers' rows are small beside the logits'.)
                        for (int j = 0; j < outputs; j++) {
                            long bits = Double.doubleToRawLongBits(out[j]);
                            long keep = ~(((bits - 1) | (0x7ff0000000000000L - bits)) >> 63);
                            grad[j] = Double.longBitsToDouble(
                                    Double.doubleToRawLongBits(grad[j]) & keep);
                        }
                    } else if (activation.kind() == Activation.Kind.LEAKY_RELU) {
                        double slope = activation.negativeSlope();
                        for (int j = 0; j < outputs; j++) {
                            grad[j] = out[j] > 0 ? grad[j] : slope * grad[j];
                        }
                    } else {
                        for (int j = 0; j < outputs; j++) {
                            grad[j] *= activation.derivativeFromOutput(out[j]);
                        }
                    }
                    g.write(r * outputs, grad, 0, outputs);
                }
                for (int j = 0; j < outputs; j++) {
                    sum[j] += grad[j];
                }
            }
            System.arraycopy(sum, 0, partial, at, outputs);
        });
        if (scale == 0) {
            return;
        }
        double[] db = new double[outputs];
        bias.gradients().copyTo(0, db, 0, outputs);
        for (int piece = 0; piece < pieces; piece++) {
            int at = piece * outputs;
            for (int j = 0; j < outputs; j++) {
                db[j] += scale * partial[at + j];
            }
        }
        bias.gradients().write(0, db, 0, outputs);
    }

    /**
     * {@code dW[row selected by variable n] += scale * g[r]}: split by latent variable, since the
     * weight rows of different variables are disjoint; rows r are added in order. Each weight row
     * a variable touches is read once, accumulated in double and written once: reading and
     * writing it through the float view per input row cost most of a DisARM step at 200 units.
     */
    private void scatterAddWeightGradient(ElementView g, int rows, double scale) {
        ElementView dw = weight.gradients();
        // Read by every worker; slot 3 of the calling thread, which no piece below takes.
        double[] grads = KernelScratch.doubles(3, rows * outputs);
        g.copyTo(0, grads, 0, rows * outputs);
        Selection selection = lastSelection;
        int block = Math.max(1, selection.classes());
        boolean floats = dw.array().dataType() == DataType.FLOAT;
        workers.forEach(selection.variables(), (long) rows * outputs, n -> {
            double[] sums = KernelScratch.doubles(0, block * outputs);
            double[] staged = KernelScratch.doubles(2, block * outputs);
            // loaded[k] != 0 once weight row first + k is in sums
            double[] loaded = KernelScratch.doubles(1, block);
            Arrays.fill(loaded, 0, block, 0.0);
            float[] rowFloats = floats ? new float[outputs] : null;
            int first = n * block;
            for (int r = 0; r < rows; r++) {
                int at = selection.row(r, n);
                if (at < 0) {
                    continue;
                }
                int base = (at - first) * outputs;
                if (loaded[at - first] == 0) {
                    load(dw, at * outputs, sums, base, rowFloats);
                    loaded[at - first] = 1;
                }
                // The input row is copied to the accumulator's own offset in a scratch block
                // first: the JIT vectorises the add only when both arrays are indexed alike (it
                // cannot rule out that two double arrays are one, and at different offsets that
                // would carry a dependence), and the copy is an intrinsic.
                System.arraycopy(grads, r * outputs, staged, base, outputs);
                for (int j = base; j < base + outputs; j++) {
                    sums[j] += scale * staged[j];
                }
            }
            for (int k = 0; k < block; k++) {
                if (loaded[k] != 0) {
                    dw.write((first + k) * outputs, sums, k * outputs, outputs);
                }
            }
        });
    }

    /**
     * Reads the {@code outputs} values of {@code view} from {@code at} into {@code out} from
     * {@code outFrom}. A float row whose bits are all zero (+0 everywhere: a gradient the
     * optimiser has just cleared, as every training step's is) is filled with +0 instead of
     * widened element by element, a loop Java 17 does not vectorise; the values are the same.
     *
     * @param floats a row of scratch for a float view, or null for a double one
     */
    private void load(ElementView view, int at, double[] out, int outFrom, float[] floats) {
        if (floats == null) {
            view.copyTo(at, out, outFrom, outputs);
            return;
        }
        view.copyTo(at, floats, 0, outputs);
        int bits = 0;
        for (int j = 0; j < outputs; j++) {
            bits |= Float.floatToRawIntBits(floats[j]);
        }
        if (bits == 0) {
            Arrays.fill(out, outFrom, outFrom + outputs, 0.0);
            return;
        }
        for (int j = 0; j < outputs; j++) {
            out[outFrom + j] = floats[j];
        }
    }

    private static int checkRows(INDArray a, int columns, String what) {
        if (a.rank() != 2 || a.columns() != columns) {
            throw new IllegalArgumentException(what + " must be rows x " + columns + ", got "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.rows();
    }
}

package io.github.dvae.core.nn;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of {@link DenseLayer}s: one activation on the hidden layers (ReLU unless given), another
 * on the last.
 * {@code sizes} lists the widths from input to output, e.g. {@code [784, 400, 5120]}.
 */
public final class Mlp {

    private final List<DenseLayer> layers;
    private final List<Parameter> parameters;

    public Mlp(String name, int[] sizes, Activation outputActivation, DataType type,
            RandomStream rng) {
        this(name, sizes, outputActivation, type, rng, WorkerPool.SERIAL);
    }

    /** An MLP with ReLU hidden layers whose elementwise work is spread over {@code workers}. */
    public Mlp(String name, int[] sizes, Activation outputActivation, DataType type,
            RandomStream rng, WorkerPool workers) {
        this(name, sizes, Activation.RELU, outputActivation, type, rng, workers);
    }

    /** An MLP whose hidden layers use {@code hiddenActivation}. */
    public Mlp(String name, int[] sizes, Activation hiddenActivation, Activation outputActivation,
            DataType type, RandomStream rng, WorkerPool workers) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        List<DenseLayer> ls = new ArrayList<>();
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            Activation a = i + 2 == sizes.length ? outputActivation : hiddenActivation;
            DenseLayer layer = new DenseLayer(name + "." + i, sizes[i], sizes[i + 1], a, type, rng,
                    workers);
            ls.add(layer);
            ps.addAll(layer.parameters());
        }
        this.layers = Collections.unmodifiableList(ls);
        this.parameters = Collections.unmodifiableList(ps);
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public DenseLayer first() {
        return layers.get(0);
    }

    public int inputs() {
        return first().inputs();
    }

    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** The output for {@code x} ({@code rows x inputs}); the array belongs to the last layer. */
    public INDArray forward(INDArray x) {
        INDArray h = first().forward(x);
        return forwardFrom(1, h);
    }

    /** The output for a one-hot input given by its codes (see {@link DenseLayer#forwardOneHot}). */
    public INDArray forwardOneHot(int[] codes, int rows, int variables, int classes) {
        INDArray h = first().forwardOneHot(codes, rows, variables, classes);
        return forwardFrom(1, h);
    }

    /** The output for a binary input given by its bits (see {@link DenseLayer#forwardBits}). */
    public INDArray forwardBits(int[] bits, int rows) {
        INDArray h = first().forwardBits(bits, rows);
        return forwardFrom(1, h);
    }

    private INDArray forwardFrom(int start, INDArray h) {
        for (int i = start; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
        }
        return h;
    }

    /**
     * Back-propagates d loss / d output through every layer, accumulating parameter gradients.
     * {@code gradOutput} is overwritten.
     *
     * @return d loss / d input, or null if not wanted
     */
    public INDArray backward(INDArray gradOutput, boolean wantInputGradient) {
        return backward(gradOutput, wantInputGradient, 1.0);
    }

    /**
     * As {@link #backward(INDArray, boolean)}, adding {@code parameterScale} times the parameter
     * gradients (see {@link DenseLayer#backward(INDArray, boolean, double)}).
     */
    public INDArray backward(INDArray gradOutput, boolean wantInputGradient,
            double parameterScale) {
        INDArray g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, i > 0 || wantInputGradient, parameterScale);
        }
        return g;
    }
}

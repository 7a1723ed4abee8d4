package io.github.dvae.core.nn;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.testing.FiniteDifferences;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every backward pass of the dense layer and the MLP against central differences, in double. */
class DenseLayerGradientTest {

    private static final double H = 1e-6;

    /** A fixed linear functional of the output, so d loss / d output is known: the weights. */
    private static double loss(INDArray out, double[] weights) {
        ElementView v = ElementView.of(out);
        double s = 0;
        for (int i = 0; i < v.length(); i++) {
            s += weights[i] * v.get(i);
        }
        return s;
    }

    private static INDArray randomMatrix(RandomStream rng, int rows, int cols) {
        INDArray a = Nd4j.create(DataType.DOUBLE, rows, cols);
        ElementView v = ElementView.of(a);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, rng.nextGaussian());
        }
        return a;
    }

    private static double[] randomVector(RandomStream rng, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextGaussian();
        }
        return w;
    }

    static List<Activation> activations() {
        return List.of(Activation.IDENTITY, Activation.RELU, Activation.SIGMOID,
                Activation.leakyRelu(0.3), Activation.leakyRelu(0.2));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void denseBackwardMatchesFiniteDifferences(Activation activation) {
        RandomStream rng = RandomStream.of(11);
        DenseLayer layer = new DenseLayer("l", 5, 4, activation, DataType.DOUBLE, rng);
        INDArray x = randomMatrix(rng, 3, 5);
        double[] w = randomVector(rng, 12);

        layer.forward(x);
        INDArray g = Nd4j.create(DataType.DOUBLE, 3, 4);
        ElementView gv = ElementView.of(g);
        for (int i = 0; i < w.length; i++) {
            gv.set(i, w[i]);
        }
        double scale = 0.7;
        INDArray dx = layer.backward(g, true, scale);

        double[] fdX = FiniteDifferences.gradient(ElementView.of(x),
                () -> loss(layer.forward(x), w), H);
        double[] fdW = FiniteDifferences.gradient(layer.weight().values(),
                () -> loss(layer.forward(x), w), H);
        double[] fdB = FiniteDifferences.gradient(layer.bias().values(),
                () -> loss(layer.forward(x), w), H);
        assertClose(fdX, ElementView.of(dx).toDoubleArray(), 1e-7, 1e-6, "d loss / d x");
        assertClose(scaled(fdW, scale), layer.weight().gradients().toDoubleArray(), 1e-7, 1e-6,
                "d loss / d W");
        assertClose(scaled(fdB, scale), layer.bias().gradients().toDoubleArray(), 1e-7, 1e-6,
                "d loss / d b");
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** Float weights: the gather equals bias plus the selected rows summed in double, exactly. */
    @Test
    void floatGatherSumsTheSelectedRowsInDoubleExactly() {
        RandomStream rng = RandomStream.of(21);
        int variables = 3;
        int classes = DenseLayer.GATHER_SPARSITY + 3;
        int outputs = 7;
        DenseLayer layer = new DenseLayer("f", variables * classes, outputs, Activation.RELU,
                DataType.FLOAT, RandomStream.of(4));
        ElementView bias = layer.bias().values();
        for (int j = 0; j < outputs; j++) {
            bias.set(j, 0.3 * rng.nextGaussian());
        }
        int rows = 5;
        int[] codes = new int[rows * variables];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rng.nextInt(classes);
        }
        double[] got = ElementView.of(layer.forwardOneHot(codes, rows, variables, classes))
                .toDoubleArray();
        assertTrue(layer.gathered(), "path taken");
        ElementView w = layer.weight().values();
        double[] expected = new double[rows * outputs];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < outputs; j++) {
                double s = bias.get(j);
                for (int n = 0; n < variables; n++) {
                    s += w.get((n * classes + codes[r * variables + n]) * outputs + j);
                }
                expected[r * outputs + j] = (float) Math.max(0.0, s);
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got);
    }

    /** The scatter-add adds each weight row's input rows in ascending order: exact sums. */
    @Test
    void scatterAddSumsEachWeightRowsInputRowsInOrderExactly() {
        RandomStream rng = RandomStream.of(31);
        int variables = 2;
        int classes = DenseLayer.GATHER_SPARSITY;
        int outputs = 3;
        int rows = 150;
        DenseLayer layer = new DenseLayer("s", variables * classes, outputs, Activation.IDENTITY,
                DataType.DOUBLE, RandomStream.of(6));
        ElementView dw = layer.weight().gradients();
        double[] expected = randomVector(rng, variables * classes * outputs);
        for (int i = 0; i < expected.length; i++) {
            dw.set(i, expected[i]);
        }
        int[] codes = new int[rows * variables];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rng.nextInt(classes);
        }
        layer.forwardOneHot(codes, rows, variables, classes);
        assertTrue(layer.gathered(), "path taken");
        double[] g = randomVector(rng, rows * outputs);
        INDArray grad = Nd4j.create(DataType.DOUBLE, rows, outputs);
        for (int i = 0; i < g.length; i++) {
            ElementView.of(grad).set(i, g[i]);
        }
        double scale = 0.37;
        layer.backward(grad, false, scale);
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < variables; n++) {
                int row = n * classes + codes[r * variables + n];
                for (int j = 0; j < outputs; j++) {
                    expected[row * outputs + j] += scale * g[r * outputs + j];
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, dw.toDoubleArray());
    }

    /**
     * Float layers add the bias and apply ReLU (or nothing) in float: the same bits as the sum
     * in double rounded to float, including sums that cancel to a subnormal (flushed to +0) and
     * to -0 (ReLU's +0).
     */
    @ParameterizedTest
    @ValueSource(strings = {"identity", "relu"})
    void floatBiasAndActivationEqualTheDoubleSumRounded(String kind) {
        Activation activation = kind.equals("relu") ? Activation.RELU : Activation.IDENTITY;
        RandomStream rng = RandomStream.of(41);
        int inputs = 5;
        int outputs = 9;
        int rows = 40;
        DenseLayer layer = new DenseLayer("b", inputs, outputs, activation, DataType.FLOAT,
                RandomStream.of(8));
        INDArray x = Nd4j.create(DataType.FLOAT, rows, inputs);
        ElementView xv = ElementView.of(x);
        for (int i = 0; i < xv.length(); i++) {
            xv.set(i, rng.nextGaussian());
        }
        // Output 0: one weight, so x w is exact; the bias cancels it to a subnormal in row 0
        // and to zero in row 1.
        ElementView w = layer.weight().values();
        for (int i = 0; i < inputs; i++) {
            w.set(i * outputs, i == 0 ? 1.0 : 0.0);
        }
        ElementView b = layer.bias().values();
        for (int j = 0; j < outputs; j++) {
            b.set(j, 0.5 * rng.nextGaussian());
        }
        b.set(0, -1.5e-38);
        xv.set(0, 2.0e-38);
        xv.set(inputs, 1.5e-38);
        INDArray product = x.mmul(layer.weight().value());
        double[] got = ElementView.of(layer.forward(x)).toDoubleArray();
        ElementView pv = ElementView.of(product);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < outputs; j++) {
                double sum = pv.get(r * outputs + j) + b.get(j);
                if (activation == Activation.RELU) {
                    sum = Math.max(sum, 0.0);
                }
                float expected = (float) sum;
                if (Math.abs(expected) < Float.MIN_NORMAL) {
                    expected = 0f;
                }
                assertEquals(Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits((float) got[r * outputs + j]), r + ", " + j);
            }
        }
        assertEquals(0, Float.floatToRawIntBits((float) got[0]), "subnormal flushed to +0");
    }

    /**
     * The float scatter-add: each weight row's input rows added in ascending order in double,
     * from the gradient's value, rounded once; rows that are +0 (as after Adam), -0 and nonzero.
     */
    @Test
    void floatScatterAddEqualsTheOrderedDoubleSumRounded() {
        RandomStream rng = RandomStream.of(43);
        int variables = 3;
        int classes = DenseLayer.GATHER_SPARSITY;
        int outputs = 5;
        int rows = 120;
        DenseLayer layer = new DenseLayer("s", variables * classes, outputs, Activation.RELU,
                DataType.FLOAT, RandomStream.of(9));
        ElementView dw = layer.weight().gradients();
        int weightRows = variables * classes;
        for (int row = 0; row < weightRows; row++) {
            for (int j = 0; j < outputs; j++) {
                double v = row % 3 == 0 ? 0.0 : row % 3 == 1 ? -0.0 : rng.nextGaussian();
                dw.set(row * outputs + j, v);
            }
        }
        float[] start = new float[weightRows * outputs];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) dw.get(i);
        }
        int[] codes = new int[rows * variables];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rng.nextInt(classes);
        }
        INDArray out = layer.forwardOneHot(codes, rows, variables, classes);
        assertTrue(layer.gathered(), "path taken");
        ElementView y = ElementView.of(out);
        INDArray grad = Nd4j.create(DataType.FLOAT, rows, outputs);
        ElementView gv = ElementView.of(grad);
        for (int i = 0; i < gv.length(); i++) {
            gv.set(i, rng.nextGaussian());
        }
        double[] masked = new double[rows * outputs];
        for (int i = 0; i < masked.length; i++) {
            masked[i] = y.get(i) > 0 ? gv.get(i) : 0.0;
        }
        double scale = -1.0 / 7;
        layer.backward(grad, false, scale);
        for (int row = 0; row < weightRows; row++) {
            int n = row / classes;
            int k = row % classes;
            for (int j = 0; j < outputs; j++) {
                double sum = start[row * outputs + j];
                boolean touched = false;
                for (int r = 0; r < rows; r++) {
                    if (codes[r * variables + n] == k) {
                        sum += scale * masked[r * outputs + j];
                        touched = true;
                    }
                }
                float expected = touched ? (float) sum : start[row * outputs + j];
                if (touched && Math.abs(expected) < Float.MIN_NORMAL) {
                    expected = 0f;
                }
                assertEquals(Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits((float) dw.get(row * outputs + j)),
                        row + ", " + j);
            }
        }
    }

    /** Below {@link DenseLayer#GATHER_SPARSITY} classes the layer multiplies, from it on it gathers. */
    @ParameterizedTest
    @ValueSource(ints = {4, DenseLayer.GATHER_SPARSITY + 8})
    void oneHotForwardAndScatterAddEqualTheDenseProduct(int classes) {
        RandomStream rng = RandomStream.of(12);
        int variables = 3;
        DenseLayer gathered = new DenseLayer("a", variables * classes, 5, Activation.RELU,
                DataType.DOUBLE, RandomStream.of(5));
        DenseLayer dense = new DenseLayer("b", variables * classes, 5, Activation.RELU,
                DataType.DOUBLE, RandomStream.of(5));
        int rows = 6;
        int[] codes = new int[rows * variables];
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, rows, variables * classes);
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < variables; n++) {
                codes[r * variables + n] = rng.nextInt(classes);
                oneHot.putScalar(r, n * classes + codes[r * variables + n], 1.0);
            }
        }
        double[] a = ElementView.of(gathered.forwardOneHot(codes, rows, variables, classes))
                .toDoubleArray();
        assertEquals(classes >= DenseLayer.GATHER_SPARSITY, gathered.gathered(), "path taken");
        double[] b = ElementView.of(dense.forward(oneHot)).toDoubleArray();
        assertClose(b, a, 1e-12, 1e-12, "gathered forward");

        double[] w = randomVector(rng, rows * 5);
        INDArray g1 = Nd4j.create(DataType.DOUBLE, rows, 5);
        INDArray g2 = Nd4j.create(DataType.DOUBLE, rows, 5);
        for (int i = 0; i < w.length; i++) {
            ElementView.of(g1).set(i, w[i]);
            ElementView.of(g2).set(i, w[i]);
        }
        INDArray dx1 = gathered.backward(g1, true, 1.0);
        INDArray dx2 = dense.backward(g2, true, 1.0);
        assertClose(dense.weight().gradients().toDoubleArray(),
                gathered.weight().gradients().toDoubleArray(), 1e-12, 1e-12, "scatter-add dW");
        assertClose(dense.bias().gradients().toDoubleArray(),
                gathered.bias().gradients().toDoubleArray(), 1e-12, 1e-12, "db");
        assertClose(ElementView.of(dx2).toDoubleArray(), ElementView.of(dx1).toDoubleArray(),
                1e-12, 1e-12, "d loss / d one-hot input");
    }

    /** Bits about half set are multiplied; bits set rarely enough are gathered. */
    @ParameterizedTest
    @ValueSource(doubles = {0.4, 0.002})
    void bitsForwardAndScatterAddEqualTheDenseProduct(double density) {
        RandomStream rng = RandomStream.of(13);
        int inputs = 64;
        DenseLayer gathered = new DenseLayer("a", inputs, 5, Activation.RELU, DataType.DOUBLE,
                RandomStream.of(6));
        DenseLayer dense = new DenseLayer("b", inputs, 5, Activation.RELU, DataType.DOUBLE,
                RandomStream.of(6));
        int rows = 80;
        int[] bits = new int[rows * inputs];
        INDArray matrix = Nd4j.zeros(DataType.DOUBLE, rows, inputs);
        for (int i = 0; i < bits.length; i++) {
            // Row 0 all clear and row 1 all set, the edge cases; the rest random.
            bits[i] = i < inputs ? 0 : i < 2 * inputs ? 1 : rng.nextBernoulli(density) ? 1 : 0;
            matrix.putScalar(i / inputs, i % inputs, bits[i]);
        }
        double[] a = ElementView.of(gathered.forwardBits(bits, rows)).toDoubleArray();
        assertEquals(density < 0.01, gathered.gathered(), "path taken");
        double[] b = ElementView.of(dense.forward(matrix)).toDoubleArray();
        assertClose(b, a, 1e-12, 1e-12, "gather-sum forward");

        double[] w = randomVector(rng, rows * 5);
        INDArray g1 = Nd4j.create(DataType.DOUBLE, rows, 5);
        INDArray g2 = Nd4j.create(DataType.DOUBLE, rows, 5);
        for (int i = 0; i < w.length; i++) {
            ElementView.of(g1).set(i, w[i]);
            ElementView.of(g2).set(i, w[i]);
        }
        INDArray dx1 = gathered.backward(g1, true, 0.5);
        INDArray dx2 = dense.backward(g2, true, 0.5);
        assertClose(dense.weight().gradients().toDoubleArray(),
                gathered.weight().gradients().toDoubleArray(), 1e-12, 1e-12, "scatter-add dW");
        assertClose(dense.bias().gradients().toDoubleArray(),
                gathered.bias().gradients().toDoubleArray(), 1e-12, 1e-12, "db");
        assertClose(ElementView.of(dx2).toDoubleArray(), ElementView.of(dx1).toDoubleArray(),
                1e-12, 1e-12, "d loss / d bits");
    }

    /** The scatter-add after a bits input, against central differences of a scalar loss. */
    @Test
    void bitsBackwardMatchesFiniteDifferences() {
        RandomStream rng = RandomStream.of(14);
        int inputs = 6;
        int rows = 5;
        DenseLayer layer = new DenseLayer("a", inputs, 4, Activation.SIGMOID, DataType.DOUBLE,
                RandomStream.of(7));
        int[] bits = new int[rows * inputs];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = rng.nextBernoulli(0.5) ? 1 : 0;
        }
        double[] w = randomVector(rng, rows * 4);
        java.util.function.DoubleSupplier loss = () -> {
            double[] y = ElementView.of(layer.forwardBits(bits, rows)).toDoubleArray();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += w[i] * y[i];
            }
            return s;
        };
        layer.forwardBits(bits, rows);
        INDArray g = Nd4j.create(DataType.DOUBLE, rows, 4);
        for (int i = 0; i < w.length; i++) {
            ElementView.of(g).set(i, w[i]);
        }
        layer.backward(g, false, 1.0);
        assertClose(FiniteDifferences.gradient(layer.weight().values(), loss, 1e-6),
                layer.weight().gradients().toDoubleArray(), 1e-8, 1e-6, "dW");
        assertClose(FiniteDifferences.gradient(layer.bias().values(), loss, 1e-6),
                layer.bias().gradients().toDoubleArray(), 1e-8, 1e-6, "db");
    }

    static List<Activation> hiddenActivations() {
        return List.of(Activation.RELU, Activation.leakyRelu(0.3));
    }

    @ParameterizedTest
    @MethodSource("hiddenActivations")
    void mlpBackwardMatchesFiniteDifferences(Activation hidden) {
        RandomStream rng = RandomStream.of(13);
        Mlp mlp = new Mlp("m", new int[] {6, 5, 4, 3}, hidden, Activation.SIGMOID,
                DataType.DOUBLE, rng, WorkerPool.SERIAL);
        assertTrue(mlp.layers().get(0).activation().equals(hidden));
        INDArray x = randomMatrix(rng, 4, 6);
        double[] w = randomVector(rng, 12);
        mlp.forward(x);
        INDArray g = Nd4j.create(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < w.length; i++) {
            ElementView.of(g).set(i, w[i]);
        }
        INDArray dx = mlp.backward(g, true);
        assertClose(FiniteDifferences.gradient(ElementView.of(x), () -> loss(mlp.forward(x), w), H),
                ElementView.of(dx).toDoubleArray(), 1e-7, 1e-6, "d loss / d x");
        for (Parameter p : mlp.parameters()) {
            double[] fd = FiniteDifferences.gradient(p.values(), () -> loss(mlp.forward(x), w), H);
            assertClose(fd, p.gradients().toDoubleArray(), 1e-7, 1e-6, p.name());
        }
    }

    @Test
    void initialisationFollowsPyTorchLinearBounds() {
        DenseLayer layer = new DenseLayer("l", 100, 50, Activation.IDENTITY, DataType.FLOAT,
                RandomStream.of(3));
        double bound = 1 / Math.sqrt(100);
        double[] w = layer.weight().values().toDoubleArray();
        double max = 0;
        double sumSq = 0;
        for (double v : w) {
            max = Math.max(max, Math.abs(v));
            sumSq += v * v;
        }
        // Uniform(-a, a) has variance a^2 / 3; 5000 draws put the sample variance within 5%.
        assertTrue(max <= bound, "largest |w| " + max + " exceeds the bound " + bound);
        assertClose(new double[] {bound * bound / 3}, new double[] {sumSq / w.length}, 0, 0.05,
                "weight variance");
    }
}

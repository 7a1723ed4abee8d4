package io.github.dvae.estimators.relax;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;

import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The surrogate network's hand-written passes against central finite differences in double: the
 * input gradient against the forward pass, and the second-order pass (the parameter gradient of
 * {@code sum_r alpha_r r(y_r) + d_r . dr/dy(y_r)}) against the input gradient.
 */
class SurrogateNetworkTest {

    private static final int ROWS = 5;
    private static final int WIDTH = 7;
    private static final int HIDDEN = 4;

    private static SurrogateNetwork randomNetwork() {
        SurrogateNetwork net = new SurrogateNetwork(WIDTH, HIDDEN, DataType.DOUBLE,
                RandomStream.of(3));
        // Away from the zero initialisation, so that every term of the passes is exercised.
        RandomStream rng = RandomStream.of(4);
        for (Parameter p : net.parameters()) {
            ElementView v = p.values();
            for (int i = 0; i < v.length(); i++) {
                v.set(i, v.get(i) + 0.7 * rng.nextGaussian());
            }
        }
        return net;
    }

    private static INDArray random(long seed, double scale) {
        INDArray a = Nd4j.create(DataType.DOUBLE, ROWS, WIDTH);
        ElementView v = ElementView.of(a);
        RandomStream rng = RandomStream.of(seed);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, scale * rng.nextGaussian());
        }
        return a;
    }

    private static double sum(SurrogateNetwork net, INDArray y) {
        double[] out = new double[ROWS];
        net.forward(y, ROWS, out, WorkerPool.SERIAL);
        double s = 0;
        for (int r = 0; r < ROWS; r++) {
            s += (r + 1) * out[r];
        }
        return s;
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        SurrogateNetwork net = randomNetwork();
        INDArray y = random(5, 1.0);
        double[] r = new double[ROWS];
        net.forward(y, ROWS, r, WorkerPool.SERIAL);
        double[] analytic = ElementView.of(net.inputGradient(WorkerPool.SERIAL)).toDoubleArray();
        for (int row = 0; row < ROWS; row++) {
            for (int k = 0; k < WIDTH; k++) {
                analytic[row * WIDTH + k] *= row + 1;
            }
        }
        double[] numeric = FiniteDifferences.gradient(ElementView.of(y), () -> sum(net, y), 1e-6);
        assertClose(numeric, analytic, 1e-7, 1e-6, "dr/dy");
    }

    /** {@code J = sum_r alpha_r r(y_r) + d_r . dr/dy(y_r)} from the first-order passes. */
    private static double objective(SurrogateNetwork net, INDArray y, INDArray d, double[] alpha) {
        double[] r = new double[ROWS];
        net.forward(y, ROWS, r, WorkerPool.SERIAL);
        double[] g = ElementView.of(net.inputGradient(WorkerPool.SERIAL)).toDoubleArray();
        double[] dv = ElementView.of(d).toDoubleArray();
        double j = 0;
        for (int row = 0; row < ROWS; row++) {
            j += alpha[row] * r[row];
            for (int k = 0; k < WIDTH; k++) {
                j += dv[row * WIDTH + k] * g[row * WIDTH + k];
            }
        }
        return j;
    }

    @Test
    void secondOrderPassMatchesFiniteDifferencesOfTheInputGradient() {
        SurrogateNetwork net = randomNetwork();
        INDArray y = random(6, 1.0);
        INDArray d = random(7, 0.5);
        double[] alpha = {0.3, -1.2, 0.0, 2.0, -0.4};
        double[] r = new double[ROWS];
        net.forward(y, ROWS, r, WorkerPool.SERIAL);
        for (Parameter p : net.parameters()) {
            p.zeroGradient();
        }
        net.accumulateSecondOrder(y, d, alpha, WorkerPool.SERIAL);
        for (Parameter p : net.parameters()) {
            double[] analytic = p.gradients().toDoubleArray();
            double[] numeric = FiniteDifferences.gradient(p.values(),
                    () -> objective(net, y, d, alpha), 1e-6);
            assertClose(numeric, analytic, 1e-7, 1e-6, p.name());
        }
    }
}

package io.github.dvae.core.nn;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.dvae.core.tensor.WorkerPool;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    @Test
    void matchesPyTorchsUpdateRuleStepByStep() {
        Parameter p = new Parameter("p", Nd4j.createFromArray(1.0, -2.0).castTo(DataType.DOUBLE));
        Adam adam = new Adam(new Adam.Settings(0.1, 0.9, 0.999, 1e-8), List.of(p));
        double[] value = {1.0, -2.0};
        double[] m = new double[2];
        double[] v = new double[2];
        double[][] grads = {{0.5, -1.0}, {0.2, 3.0}, {-0.4, 0.0}};
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < 2; i++) {
                p.gradients().set(i, grads[t - 1][i]);
                double g = grads[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                value[i] -= 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
            }
            adam.step();
            // The update is computed in float, as PyTorch computes it: agreement to float precision.
            assertClose(value, p.values().toDoubleArray(), 1e-6, 1e-6, "after step " + t);
            assertClose(new double[2], p.gradients().toDoubleArray(), 0, 0,
                    "the step consumes the gradient");
        }
    }

    /**
     * A float parameter over several chunks and an odd tail, on two threads, through the
     * 64th step (when tiny moments are flushed): the bits of PyTorch's rule computed element by
     * element in float, with a gradient that is zero at some elements (whose moments decay).
     */
    @Test
    void floatParametersOnTwoThreadsGetTheScalarBits() {
        int n = 2 * 16 * 2048 + 37;
        Random random = new Random(5);
        float[] value = new float[n];
        for (int i = 0; i < n; i++) {
            value[i] = (float) random.nextGaussian();
        }
        Parameter p = new Parameter("p", Nd4j.createFromArray(value.clone()));
        float[] m = new float[n];
        float[] v = new float[n];
        try (WorkerPool pool = new WorkerPool(2)) {
            Adam adam = new Adam(Adam.Settings.of(1e-3), List.of(p), pool);
            for (int t = 1; t <= 65; t++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = t > 3 && i % 3 == 0 ? 0f : (float) random.nextGaussian();
                }
                p.gradients().write(0, g, 0, n);
                adam.step();
                float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                float correction = (float) (1 / Math.sqrt(1 - Math.pow(0.999, t)));
                for (int i = 0; i < n; i++) {
                    m[i] = 0.9f * m[i] + (1 - 0.9f) * g[i];
                    v[i] = 0.999f * v[i] + (1 - 0.999f) * g[i] * g[i];
                    value[i] -= stepSize * m[i]
                            / ((float) Math.sqrt(v[i]) * correction + 1e-8f);
                    if (t % 64 == 0) {
                        m[i] = Math.abs(m[i]) < 1e-30f ? 0f : m[i];
                        v[i] = v[i] < 1e-30f ? 0f : v[i];
                    }
                }
                float[] got = new float[n];
                p.values().copyTo(0, got, 0, n);
                assertArrayEquals(value, got, 0f, "after step " + t);
                p.gradients().copyTo(0, got, 0, n);
                assertArrayEquals(new float[n], got, 0f, "the step consumes the gradient");
            }
        }
    }
}

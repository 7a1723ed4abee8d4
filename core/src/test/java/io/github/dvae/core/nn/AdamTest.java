package io.github.dvae.core.nn;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;

import java.util.List;
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
}

package io.github.dvae.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.WorkerPool;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen copy draws the model's estimates and shares nothing mutable with it (on
 * {@link VaeGradientTest}'s model and minibatch).
 */
class VaeFrozenCopyTest {

    private static final LatentSpec LATENT = VaeGradientTest.LATENT;
    private static final VaeArchitecture TINY = VaeGradientTest.TINY;

    private static double[][] gradients(List<Parameter> parameters) {
        return parameters.stream().map(p -> p.gradients().toDoubleArray())
                .toArray(double[][]::new);
    }

    private static double[][] values(List<Parameter> parameters) {
        return parameters.stream().map(p -> p.values().toDoubleArray()).toArray(double[][]::new);
    }

    @Test
    void aCopyDrawsTheModelsEstimateAndDoesNotFollowItsTraining() {
        SoftmaxRelaxation estimator = new SoftmaxRelaxation(LATENT);
        Vae vae = new Vae(TINY, estimator, Adam.Settings.of(1e-2), DataType.DOUBLE,
                RandomStream.of(21));
        INDArray x = VaeGradientTest.data();
        RandomStream training = RandomStream.of(3);
        vae.trainStep(x, training);
        vae.trainStep(x, training);
        SoftmaxRelaxation copyEstimator = new SoftmaxRelaxation(LATENT);
        Vae copy = vae.frozenCopy(copyEstimator, WorkerPool.SERIAL);
        assertEquals(2, copy.steps());

        vae.gradientEstimate(x, RandomStream.of(1), estimator, true);
        copy.gradientEstimate(x, RandomStream.of(1), copyEstimator, true);
        double[][] model = gradients(vae.encoder().parameters());
        double[][] copied = gradients(copy.encoder().parameters());
        for (int i = 0; i < model.length; i++) {
            assertArrayEquals(model[i], copied[i], 0.0, "encoder parameter " + i);
        }
        assertArrayEquals(gradients(vae.decoder().parameters())[0],
                gradients(copy.decoder().parameters())[0], 0.0);

        double[][] before = values(copy.encoder().parameters());
        vae.trainStep(x, training);
        assertArrayEquals(before[0], values(copy.encoder().parameters())[0], 0.0,
                "training the model leaves its copy as it was");
        assertFalse(Arrays.equals(before[0], values(vae.encoder().parameters())[0]));
        vae.copyParametersTo(copy);
        assertArrayEquals(values(vae.encoder().parameters())[0],
                values(copy.encoder().parameters())[0], 0.0);
        assertEquals(3, copy.steps());
    }

    @Test
    void aModelOfAnotherArchitectureIsRefused() {
        Vae vae = new Vae(TINY, new SoftmaxRelaxation(LATENT), Adam.Settings.of(1e-2),
                DataType.DOUBLE, RandomStream.of(21));
        Vae other = new Vae(new VaeArchitecture(6, new int[] {7}, LATENT, new int[] {4}),
                new SoftmaxRelaxation(LATENT), Adam.Settings.of(1e-2), DataType.DOUBLE,
                RandomStream.of(21));
        assertThrows(IllegalArgumentException.class, () -> vae.copyParametersTo(other));
    }
}

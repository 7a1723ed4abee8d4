package io.github.dvae.experiments.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RunStepTest {

    private static final VaeArchitecture ARCHITECTURE = VaeArchitecture.parse("784-8-(2x3)-8-784");
    private static final int PIXELS = 784;

    private static Vae model() {
        return new Vae(ARCHITECTURE, Estimators.find("reinforce").create(
                EstimatorConfig.of(ARCHITECTURE.latent(), ARCHITECTURE.dataWidth())),
                Adam.Settings.of(1e-3), DataType.FLOAT, RandomStream.of(1));
    }

    /** Image i is white at pixel i only: a binarised row names its image. */
    private static float[] labelledImages(int count) {
        float[] images = new float[count * PIXELS];
        for (int i = 0; i < count; i++) {
            images[i * PIXELS + i] = 1f;
        }
        return images;
    }

    private static List<Integer> rowsOf(INDArray batch) {
        List<Integer> images = new ArrayList<>();
        ElementView v = ElementView.of(batch);
        for (int r = 0; r < batch.rows(); r++) {
            for (int p = 0; p < PIXELS; p++) {
                if (v.get(r * PIXELS + p) == 1.0) {
                    images.add(p);
                }
            }
        }
        return images;
    }

    @Test
    void eachPassTakesDistinctImagesInWholeBatchesAndShufflesAgainAtItsFirstStep() {
        RunStep step = new RunStep(model(), labelledImages(10), 10, PIXELS,
                Binarisation.THRESHOLD, 3);
        assertEquals(3, step.perEpoch());
        RandomStream rng = RandomStream.of(4);
        List<Integer> first = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            step.take(s, rng);
            first.addAll(rowsOf(step.batch()));
        }
        assertEquals(9, new HashSet<>(first).size(), "one pass: 9 distinct images " + first);
        List<Integer> second = new ArrayList<>();
        for (long s = 4; s <= 6; s++) {
            step.take(s, rng);
            second.addAll(rowsOf(step.batch()));
        }
        assertEquals(9, new HashSet<>(second).size());
        assertFalse(first.equals(second), "a fresh permutation per pass");
    }

    /** The runner's order of draws: shuffle, binarise, step, all from the one stream. */
    @Test
    void aStepIsTheShuffleTheBatchAndTheModelsStepFromOneStream() {
        float[] images = labelledImages(12);
        RunStep step = new RunStep(model(), images, 12, PIXELS, Binarisation.DYNAMIC, 4);
        Vae same = model();
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        INDArray batch = Nd4j.create(DataType.FLOAT, 4, PIXELS);
        RandomStream a = RandomStream.of(5);
        RandomStream b = RandomStream.of(5);
        for (long s = 1; s <= 5; s++) {
            int inPass = (int) ((s - 1) % 3);
            if (inPass == 0) {
                b.shuffle(order);
            }
            Binarisation.DYNAMIC.apply(images, PIXELS, order, inPass * 4, 4,
                    ElementView.of(batch), b);
            assertEquals(same.trainStep(batch, b).elbo(), step.take(s, a), 0.0, "step " + s);
        }
    }

    @Test
    void fewerImagesThanOneBatchAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RunStep(model(),
                labelledImages(2), 2, PIXELS, Binarisation.THRESHOLD, 3));
    }
}

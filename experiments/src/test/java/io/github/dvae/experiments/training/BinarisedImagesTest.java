package io.github.dvae.experiments.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dvae.core.data.Binarisation;
import io.github.dvae.core.data.DataSource;
import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.nn.Adam;
import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class BinarisedImagesTest {

    @Test
    void theBoundIsSummedOverEveryImageInBatchesAcrossChunks() throws Exception {
        // 620 images: chunks of 500 and 120, bound batches of 100 ending in 20-image remnants.
        int count = 620;
        VaeArchitecture architecture = VaeArchitecture.parse("784-16-(3x4)-16-784");
        Vae vae = new Vae(architecture, Estimators.find("gumbel-softmax").create(
                EstimatorConfig.of(architecture.latent(), architecture.dataWidth())),
                Adam.Settings.of(1e-3), DataType.FLOAT, RandomStream.of(1));
        ImageDataset data = new DataSource("synthetic").load(0, 1, count);
        BinarisedImages test = BinarisedImages.of(data.test(), data.pixels(), count,
                Binarisation.DYNAMIC, RandomStream.of(2));
        int k = 3;

        double sum = test.importanceWeightedBoundSum(vae, k, RandomStream.of(3));

        // The same batches, gathered row by row through another path, from the same stream.
        RandomStream rng = RandomStream.of(3);
        double expected = 0;
        int[][] batches = {range(0, 100), range(100, 200), range(200, 300), range(300, 400),
            range(400, 500), range(500, 600), range(600, 620)};
        for (int[] rows : batches) {
            expected += vae.importanceWeightedBound(test.rows(rows), k, rng);
        }
        assertEquals(expected, sum, 0.0);
    }

    @Test
    void aLargeSampleCountGetsSmallerBatches() {
        assertEquals(100, BinarisedImages.boundBatch(2));
        assertEquals(100, BinarisedImages.boundBatch(1000));
        assertEquals(10, BinarisedImages.boundBatch(100_000));
        assertEquals(1, BinarisedImages.boundBatch(Integer.MAX_VALUE));
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}

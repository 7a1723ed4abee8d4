package io.github.dvae.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    @Test
    void validationIsTheLastImagesOfTheTrainingFileAndTestIsUntouched() {
        ImageDataset all = SyntheticImages.generate(3, 600, 100);
        DataSplit split = DataSplit.holdOut(all, 100);
        int p = all.pixels();
        assertEquals(500, split.fitting().trainSize());
        assertEquals(100, split.validationSize());
        assertEquals(100, split.fitting().testSize());
        assertArrayEquals(Arrays.copyOf(all.train(), 500 * p), split.fitting().train());
        assertArrayEquals(Arrays.copyOfRange(all.train(), 500 * p, 600 * p), split.validation());
        assertArrayEquals(Arrays.copyOfRange(all.trainLabels(), 500, 600),
                split.validationLabels());
        assertArrayEquals(all.test(), split.fitting().test());
    }

    @Test
    void fashionMnistSizesGiveDisarmsSplit() {
        // 60,000 training images of one pixel each stand in for the file: 50,000 / 10,000.
        float[] train = new float[60_000];
        for (int i = 0; i < train.length; i++) {
            train[i] = i / 60_000f;
        }
        ImageDataset file = new ImageDataset("fashion-mnist", 1, 1, train, new int[60_000],
                new float[10_000], new int[10_000]);
        DataSplit split = DataSplit.holdOut(file, DataSplit.PAPERS_VALIDATION);
        assertEquals(50_000, split.fitting().trainSize());
        assertEquals(10_000, split.validationSize());
        assertEquals(10_000, split.fitting().testSize());
        assertEquals(50_000 / 60_000f, split.validation()[0]);
    }

    @Test
    void noValidationKeepsEveryTrainingImage() {
        ImageDataset all = SyntheticImages.generate(3, 50, 10);
        assertEquals(50, DataSplit.holdOut(all, 0).fitting().trainSize());
        assertEquals(0, DataSplit.holdOut(all, 0).validationSize());
    }

    @Test
    void aValidationSetThatLeavesNoTrainingImageIsRefusedNamingIt() {
        ImageDataset all = SyntheticImages.generate(3, 50, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplit.holdOut(all, 50));
        assertTrue(e.getMessage().startsWith("validation 50 must be in 0..49"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSplit.holdOut(all, -1));
    }
}

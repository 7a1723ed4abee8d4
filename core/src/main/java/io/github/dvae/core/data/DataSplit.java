package io.github.dvae.core.data;

import java.util.Arrays;

/**
 * Training, validation and test images, the validation images held out from the end of the
 * training file, as DisARM, RODEO and the coupled-estimator code load Fashion-MNIST
 * ({@code train[:50000]}, {@code train[50000:]}, {@code test}). The synthetic set is split the
 * same way. Pixels stay grey levels in [0, 1]; each use binarises them (see {@link Binarisation}).
 *
 * @param fitting the images a run trains on (the first {@code trainSize - validation} of the
 *     training file) and the test images, as one data set
 * @param validation validation intensities, {@code validationSize() * pixels}, row-major
 * @param validationLabels one label per validation image
 */
public record DataSplit(ImageDataset fitting, float[] validation, int[] validationLabels) {

    /** DisARM's validation size on MNIST and Fashion-MNIST: the last 10,000 of 60,000. */
    public static final int PAPERS_VALIDATION = 10_000;

    public DataSplit {
        if (validation.length != validationLabels.length * fitting.pixels()) {
            throw new IllegalArgumentException("one label per validation image is required");
        }
    }

    /**
     * {@code data} with its last {@code count} training images held out for validation.
     *
     * @throws IllegalArgumentException if {@code count} is negative or leaves no training image,
     *     naming it and the training set's size
     */
    public static DataSplit holdOut(ImageDataset data, int count) {
        int n = data.trainSize();
        if (count < 0 || count >= n) {
            throw new IllegalArgumentException("validation " + count + " must be in 0.." + (n - 1)
                    + ": the " + n + " training images of " + data.name()
                    + " must keep at least one for training");
        }
        int p = data.pixels();
        int keep = n - count;
        ImageDataset fitting = new ImageDataset(data.name(), data.width(), data.height(),
                Arrays.copyOf(data.train(), keep * p), Arrays.copyOf(data.trainLabels(), keep),
                data.test(), data.testLabels());
        return new DataSplit(fitting,
                Arrays.copyOfRange(data.train(), keep * p, n * p),
                Arrays.copyOfRange(data.trainLabels(), keep, n));
    }

    /** Validation images. */
    public int validationSize() {
        return validationLabels.length;
    }

    @Override
    public float[] validation() {
        return validation.clone();
    }

    @Override
    public int[] validationLabels() {
        return validationLabels.clone();
    }
}

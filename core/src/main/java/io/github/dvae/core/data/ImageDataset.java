package io.github.dvae.core.data;

/**
 * Grey-level images with labels, split into train and test: intensities in [0, 1], row-major,
 * {@code width * height} per image. Binary pixels for the Bernoulli likelihood come from a
 * {@link Binarisation}. Arrays are not copied; nothing here modifies them.
 */
public final class ImageDataset {

    private final String name;
    private final int width;
    private final int height;
    private final float[] train;
    private final int[] trainLabels;
    private final float[] test;
    private final int[] testLabels;

    public ImageDataset(String name, int width, int height, float[] train, int[] trainLabels,
            float[] test, int[] testLabels) {
        int pixels = width * height;
        if (train.length % pixels != 0 || test.length % pixels != 0) {
            throw new IllegalArgumentException("image arrays must hold whole " + width + " x "
                    + height + " images");
        }
        if (trainLabels.length != train.length / pixels || testLabels.length != test.length / pixels) {
            throw new IllegalArgumentException("one label per image is required");
        }
        this.name = name;
        this.width = width;
        this.height = height;
        this.train = train;
        this.trainLabels = trainLabels;
        this.test = test;
        this.testLabels = testLabels;
    }

    public String name() {
        return name;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pixels per image. */
    public int pixels() {
        return width * height;
    }

    public int trainSize() {
        return trainLabels.length;
    }

    public int testSize() {
        return testLabels.length;
    }

    /** Training intensities, {@code trainSize() * pixels()}. */
    public float[] train() {
        return train;
    }

    public int[] trainLabels() {
        return trainLabels;
    }

    /** Test intensities, {@code testSize() * pixels()}. */
    public float[] test() {
        return test;
    }

    public int[] testLabels() {
        return testLabels;
    }

    /** The first {@code trainCount} training and {@code testCount} test images. */
    public ImageDataset limit(int trainCount, int testCount) {
        int tr = Math.min(trainCount, trainSize());
        int te = Math.min(testCount, testSize());
        int p = pixels();
        return new ImageDataset(name, width, height,
                java.util.Arrays.copyOf(train, tr * p), java.util.Arrays.copyOf(trainLabels, tr),
                java.util.Arrays.copyOf(test, te * p), java.util.Arrays.copyOf(testLabels, te));
    }
}

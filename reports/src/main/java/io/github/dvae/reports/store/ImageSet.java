package io.github.dvae.reports.store;

import java.util.Arrays;

/**
 * Grey images of one size, as intensities 0 (black) to 255 (white), row-major: what a report needs
 * to draw a grid of originals, reconstructions or samples. Immutable: arrays are copied in and out.
 *
 * @param width pixels per row
 * @param height rows per image
 * @param images one array of {@code width * height} intensities per image
 */
public record ImageSet(int width, int height, int[][] images) {

    public ImageSet {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + " x "
                    + height);
        }
        int[][] copy = new int[images.length][];
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != width * height) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length
                        + " pixels, expected " + width * height);
            }
            for (int v : images[i]) {
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("intensity " + v + " outside 0..255");
                }
            }
            copy[i] = images[i].clone();
        }
        images = copy;
    }

    /**
     * Images from probabilities or intensities in [0, 1] (values outside are clamped), {@code
     * count} images of {@code width * height} values each, row-major.
     */
    public static ImageSet fromUnitInterval(int width, int height, double[] values, int count) {
        int pixels = width * height;
        if (values.length < count * pixels) {
            throw new IllegalArgumentException("need " + count * pixels + " values, got "
                    + values.length);
        }
        int[][] out = new int[count][pixels];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < pixels; p++) {
                double v = Math.max(0.0, Math.min(1.0, values[i * pixels + p]));
                out[i][p] = (int) Math.round(v * 255);
            }
        }
        return new ImageSet(width, height, out);
    }

    /** Number of images. */
    public int count() {
        return images.length;
    }

    /** A copy of image {@code i}. */
    public int[] image(int i) {
        return images[i].clone();
    }

    @Override
    public int[][] images() {
        int[][] copy = new int[images.length][];
        for (int i = 0; i < images.length; i++) {
            copy[i] = images[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet s && s.width == width && s.height == height
                && Arrays.deepEquals(s.images, images);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.deepHashCode(images);
    }

    @Override
    public String toString() {
        return "ImageSet[" + images.length + " images of " + width + " x " + height + "]";
    }
}

package io.github.dvae.core.data;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;

/**
 * How grey levels become the binary pixels a Bernoulli likelihood scores.
 *
 * <p>{@link #DYNAMIC}: a fresh Bernoulli draw with the pixel's intensity as probability each time
 * an image is used (as REBAR and DisARM train). {@link #THRESHOLD}: intensity above one half.
 * The test set is binarised once per run, from the run's seed, whichever is chosen.
 */
public enum Binarisation {
    DYNAMIC,
    THRESHOLD;

    /**
     * Writes binary pixels of {@code count} images, starting at image {@code first} of
     * {@code source} (or at the images listed by {@code order} from {@code first}, if not null),
     * into {@code out} from its start.
     */
    public void apply(float[] source, int pixels, int[] order, int first, int count,
            ElementView out, RandomStream rng) {
        double[] row = new double[pixels];
        for (int i = 0; i < count; i++) {
            int image = order == null ? first + i : order[first + i];
            int from = image * pixels;
            for (int j = 0; j < pixels; j++) {
                float v = source[from + j];
                boolean on = this == DYNAMIC ? rng.nextDouble() < v : v > 0.5f;
                row[j] = on ? 1.0 : 0.0;
            }
            out.write(i * pixels, row, 0, pixels);
        }
    }

    /** Parses {@code dynamic} or {@code threshold}. */
    public static Binarisation parse(String text) {
        for (Binarisation b : values()) {
            if (b.name().equalsIgnoreCase(text.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("binarisation '" + text
                + "' is not one of: dynamic, threshold");
    }
}

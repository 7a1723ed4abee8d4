package io.github.dvae.core.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a run's images come from, as users write it: {@code synthetic} (built in, the default),
 * {@code fashion-mnist} (Debian's {@code dataset-fashion-mnist} at
 * {@code /usr/share/datasets/fashion-mnist}), or {@code idx:<directory>} for any MNIST-format
 * directory.
 *
 * @param spec the text as written, kept for the record
 */
public record DataSource(String spec) {

    /** Where Debian's {@code dataset-fashion-mnist} package installs its files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Training and test images of the built-in set. */
    public static final int SYNTHETIC_TRAIN = 10_000;
    public static final int SYNTHETIC_TEST = 2_000;

    public DataSource {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!(lower.equals("synthetic") || lower.equals("fashion-mnist")
                || lower.startsWith("idx:") && s.length() > 4)) {
            throw new IllegalArgumentException("data set '" + spec + "' is not one of: synthetic, "
                    + "fashion-mnist, idx:<directory of MNIST-format files>");
        }
        spec = s;
    }

    /**
     * Loads at most {@code trainLimit} training and {@code testLimit} test images (the first
     * ones). The synthetic set draws image i from the i-th draws of its stream, so a limited set
     * is the first images of the full one, generated without the rest.
     *
     * @throws DataFormatException if files are missing or malformed
     */
    public ImageDataset load(long seed, int trainLimit, int testLimit) {
        if (spec.equalsIgnoreCase("synthetic")) {
            return SyntheticImages.generate(seed, Math.min(trainLimit, SYNTHETIC_TRAIN),
                    Math.min(testLimit, SYNTHETIC_TEST));
        }
        ImageDataset all = load(seed);
        return trainLimit >= all.trainSize() && testLimit >= all.testSize() ? all
                : all.limit(trainLimit, testLimit);
    }

    /**
     * Loads the images; the synthetic set is generated from {@code seed}.
     *
     * @throws DataFormatException if files are missing or malformed
     */
    public ImageDataset load(long seed) {
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.equals("synthetic")) {
            return SyntheticImages.generate(seed, SYNTHETIC_TRAIN, SYNTHETIC_TEST);
        }
        if (lower.equals("fashion-mnist")) {
            if (!java.nio.file.Files.isDirectory(FASHION_MNIST)) {
                throw new DataFormatException("Fashion-MNIST is not installed at " + FASHION_MNIST
                        + "; install Debian's package: apt-get install dataset-fashion-mnist");
            }
            return IdxFiles.loadDirectory(FASHION_MNIST, "fashion-mnist");
        }
        Path dir = Path.of(spec.substring(4));
        return IdxFiles.loadDirectory(dir, dir.getFileName() == null ? spec
                : dir.getFileName().toString());
    }
}

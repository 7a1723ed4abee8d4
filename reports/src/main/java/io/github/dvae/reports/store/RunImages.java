package io.github.dvae.reports.store;

/**
 * A run's images at the end of training, for the report's grids.
 *
 * @param originals test images as the model saw them (binarised)
 * @param reconstructions Bernoulli means of the decoder at one hard posterior sample of each
 *     original, in the same order
 * @param samples Bernoulli means of the decoder at samples from the prior
 */
public record RunImages(ImageSet originals, ImageSet reconstructions, ImageSet samples) {

    /**
     * Originals (and reconstructions) a run keeps, with twice as many prior samples: how many a
     * report shows is the report's setting, up to this many, and changing it retrains nothing.
     */
    public static final int KEPT = 20;

    public RunImages {
        if (originals.count() != reconstructions.count()) {
            throw new IllegalArgumentException(originals.count() + " originals but "
                    + reconstructions.count() + " reconstructions");
        }
    }
}

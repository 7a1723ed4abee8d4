package io.github.dvae.core.latent;

/**
 * The size of a latent space: {@code variables} latent variables (N), each with {@code classes}
 * categories (K; 2 covers binary latents), and for families that embed each category as a vector
 * (VQ-VAE), the {@code embedding} dimension (D). Gaussian latents use {@code variables} only.
 */
public record LatentSpec(int variables, int classes, int embedding) {

    public LatentSpec {
        if (variables < 1) {
            throw new IllegalArgumentException("latent variables must be >= 1, got " + variables);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes per latent variable must be >= 2, got "
                    + classes);
        }
        if (embedding < 1) {
            throw new IllegalArgumentException("embedding dimension must be >= 1, got " + embedding);
        }
        // Widths are ints (tensor shapes, Java arrays): N x K (and N x D) must fit in one.
        long units = Math.max((long) variables * classes, (long) variables * embedding);
        if (units > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("latent space " + variables + "x" + classes
                    + (embedding > 1 ? "x" + embedding : "") + " has " + units + " units per "
                    + "example, more than the " + (Integer.MAX_VALUE - 8) + " a layer can have");
        }
    }

    /** N categorical variables of K classes, embedding dimension 1 (unused). */
    public static LatentSpec categorical(int variables, int classes) {
        return new LatentSpec(variables, classes, 1);
    }

    /** N * K, the width of a concatenation of N one-hot vectors. */
    public int oneHotWidth() {
        return Math.multiplyExact(variables, classes);
    }

    /** {@code N log K}: the KL of a one-hot posterior to the uniform prior, in nats. */
    public double uniformPriorEntropy() {
        return variables * Math.log(classes);
    }

    @Override
    public String toString() {
        return variables + "x" + classes + (embedding > 1 ? "x" + embedding : "");
    }
}

package io.github.dvae.core.latent;

/**
 * The size and kind of a latent space: {@code variables} latent variables (N) of a
 * {@link LatentKind}; for categorical ones, {@code classes} categories each (K) and, for families
 * that embed each category as a vector (VQ-VAE), the {@code embedding} dimension (D). Gaussian
 * latents use {@code variables} only. A Bernoulli space has {@code classes == 2} (the same
 * distribution as K = 2, parameterised by one logit per unit) and may have a learned prior
 * ({@code learnedPrior}: the prior's logits are trained parameters, as in DisARM's experiments);
 * otherwise every prior is uniform.
 *
 * <p>Written {@code 20x10}, {@code 20x16x8} (N x K x D), {@code 200b} (N Bernoulli units) or
 * {@code 200b+prior} (with a learned prior); {@link #parse} reads what {@link #toString} writes.
 */
public record LatentSpec(LatentKind kind, int variables, int classes, int embedding,
        boolean learnedPrior) {

    private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile(
            "(\\d+)x(\\d+)(?:x(\\d+))?|(\\d+)b(\\+prior)?");

    /** The written forms, for messages. */
    public static final String FORMS = "NxK (categorical), NxKxD (codebook), Nb (N Bernoulli "
            + "units) or Nb+prior (Bernoulli with a learned prior)";

    public LatentSpec {
        if (kind == null) {
            throw new IllegalArgumentException("latent kind is missing");
        }
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
        if (kind == LatentKind.BERNOULLI && (classes != 2 || embedding != 1)) {
            throw new IllegalArgumentException("a Bernoulli latent space has 2 classes and no "
                    + "embedding, got " + classes + " and " + embedding);
        }
        if (learnedPrior && kind != LatentKind.BERNOULLI) {
            throw new IllegalArgumentException("a learned prior is available for Bernoulli "
                    + "latents only, not " + kind.label());
        }
        // Widths are ints (tensor shapes, Java arrays): N x K (and N x D) must fit in one.
        long units = Math.max((long) variables * classes, (long) variables * embedding);
        if (units > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("latent space " + variables + "x" + classes
                    + (embedding > 1 ? "x" + embedding : "") + " has " + units + " units per "
                    + "example, more than the " + (Integer.MAX_VALUE - 8) + " a layer can have");
        }
    }

    /** N categorical variables of K classes with embedding dimension D (1 if unused). */
    public LatentSpec(int variables, int classes, int embedding) {
        this(LatentKind.CATEGORICAL, variables, classes, embedding, false);
    }

    /** N categorical variables of K classes, embedding dimension 1 (unused). */
    public static LatentSpec categorical(int variables, int classes) {
        return new LatentSpec(variables, classes, 1);
    }

    /** N Bernoulli units under the uniform prior Bernoulli(0.5). */
    public static LatentSpec bernoulli(int variables) {
        return new LatentSpec(LatentKind.BERNOULLI, variables, 2, 1, false);
    }

    /** N Bernoulli units under a prior whose N logits are trained with the model. */
    public static LatentSpec bernoulliWithLearnedPrior(int variables) {
        return new LatentSpec(LatentKind.BERNOULLI, variables, 2, 1, true);
    }

    /**
     * Reads the written form ({@link #FORMS}).
     *
     * @throws IllegalArgumentException naming the text and the forms allowed
     */
    public static LatentSpec parse(String text) {
        java.util.regex.Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("latent space '" + text + "' is not of a form "
                    + FORMS);
        }
        if (m.group(4) != null) {
            int n = count(text, m.group(4));
            return m.group(5) == null ? bernoulli(n) : bernoulliWithLearnedPrior(n);
        }
        int d = m.group(3) == null ? 1 : count(text, m.group(3));
        return new LatentSpec(count(text, m.group(1)), count(text, m.group(2)), d);
    }

    private static int count(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("latent space '" + text + "': " + digits
                    + " exceeds " + Integer.MAX_VALUE, e);
        }
    }

    /** Whether this is a space of Bernoulli units. */
    public boolean bernoulli() {
        return kind == LatentKind.BERNOULLI;
    }

    /** N * K, the width of a concatenation of N one-hot vectors. */
    public int oneHotWidth() {
        return Math.multiplyExact(variables, classes);
    }

    /**
     * The width of the encoder's logits: N * K for categorical variables, N for Bernoulli units
     * (one logit each).
     */
    public int logitWidth() {
        return bernoulli() ? variables : oneHotWidth();
    }

    /** {@code N log K}: the KL of a one-hot posterior to the uniform prior, in nats. */
    public double uniformPriorEntropy() {
        return variables * Math.log(classes);
    }

    @Override
    public String toString() {
        if (bernoulli()) {
            return variables + "b" + (learnedPrior ? "+prior" : "");
        }
        return variables + "x" + classes + (embedding > 1 ? "x" + embedding : "");
    }
}

package io.github.dvae.estimators.vq;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import java.io.IOException;

/**
 * How a batch used the codebook: {@code counts[k]} latent vectors assigned to entry k.
 *
 * <p>{@link #perplexity()} is {@code exp(-sum_k p_k log p_k)} with {@code p_k = counts[k] /
 * sum counts}: the effective number of entries in use, from 1 (one entry takes everything) to K
 * (uniform use). {@link #fractionUsed()} is the share of the K entries chosen at least once.
 */
final class CodeUsage {

    private final int[] counts;

    CodeUsage(int entries) {
        this.counts = new int[entries];
    }

    /** Counts the {@code rows} codes of a batch, replacing the previous counts. */
    void count(int[] codes, int rows) {
        java.util.Arrays.fill(counts, 0);
        for (int r = 0; r < rows; r++) {
            counts[codes[r]]++;
        }
    }

    /** Vectors assigned to entry k in the last counted batch. */
    int count(int k) {
        return counts[k];
    }

    double perplexity() {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double entropy = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = c / (double) total;
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy);
    }

    double fractionUsed() {
        int used = 0;
        for (int c : counts) {
            if (c > 0) {
                used++;
            }
        }
        return used / (double) counts.length;
    }

    void saveState(StateOutput out) throws IOException {
        out.writeInts("vq.usage", counts);
    }

    void restoreState(StateInput in) throws IOException {
        int[] c = in.readInts("vq.usage", counts.length);
        System.arraycopy(c, 0, counts, 0, c.length);
    }
}

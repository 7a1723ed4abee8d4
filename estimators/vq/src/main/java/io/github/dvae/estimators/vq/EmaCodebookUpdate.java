package io.github.dvae.estimators.vq;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import java.io.IOException;

/**
 * The exponential-moving-average codebook update of van den Oord et al. 2017 (appendix A.1), with
 * Laplace-smoothed counts as in Sonnet's {@code VectorQuantizerEMA}. For a batch whose latent
 * vectors {@code z_r} were assigned to entries {@code k(r)}:
 *
 * <pre>
 *   N_k  &lt;- decay N_k + (1 - decay) n_k            n_k = |{r : k(r) = k}|
 *   m_k  &lt;- decay m_k + (1 - decay) sum_{k(r)=k} z_r
 *   N~_k  = (N_k + epsilon) / (sum_j N_j + K epsilon) * sum_j N_j
 *   e_k   = m_k / N~_k
 * </pre>
 *
 * <p>Start, at the first update: {@code N_k = 1} and {@code m_k = e_k} (one pseudo-observation at
 * each entry as it stands then),
 * so the initial entries are a fixed point of the smoothing. An entry that is never chosen keeps
 * its value for about {@code log(epsilon) / log(decay)} updates (1,150 at the defaults), while
 * {@code N_k} and {@code m_k} decay together, then shrinks toward the origin once epsilon
 * dominates {@code N_k}; it never jumps to 0 or to a huge value at the first update, as it does
 * when {@code N_k} starts at 0.
 *
 * <p>Order: the caller quantises the batch with the entries as they are, and only then applies
 * this update, so a step's decoder input, commitment loss and gradients all refer to the
 * pre-update codebook.
 */
final class EmaCodebookUpdate {

    private final double decay;
    private final double epsilon;
    private final int entries;
    private final int dimension;
    private final double[] counts;
    private final double[] sums;
    private boolean started;

    EmaCodebookUpdate(double decay, double epsilon, int entries, int dimension) {
        this.decay = decay;
        this.epsilon = epsilon;
        this.entries = entries;
        this.dimension = dimension;
        this.counts = new double[entries];
        this.sums = new double[entries * dimension];
    }

    /**
     * Applies one update from the {@code rows} vectors of {@code z} ({@code rows x D} elements)
     * assigned to {@code codes}, and writes the new entries into {@code codebook}.
     */
    void apply(int[] codes, ElementView z, int rows, ElementView codebook) {
        if (!started) {
            java.util.Arrays.fill(counts, 1.0);
            codebook.copyTo(0, sums, 0, sums.length);
            started = true;
        }
        for (int k = 0; k < entries; k++) {
            counts[k] *= decay;
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] *= decay;
        }
        double rate = 1 - decay;
        for (int r = 0; r < rows; r++) {
            int k = codes[r];
            counts[k] += rate;
            for (int d = 0; d < dimension; d++) {
                sums[k * dimension + d] += rate * z.get(r * dimension + d);
            }
        }
        double total = 0;
        for (int k = 0; k < entries; k++) {
            total += counts[k];
        }
        for (int k = 0; k < entries; k++) {
            double smoothed = (counts[k] + epsilon) / (total + entries * epsilon) * total;
            for (int d = 0; d < dimension; d++) {
                codebook.set(k * dimension + d, sums[k * dimension + d] / smoothed);
            }
        }
    }

    /** Restarts entry k's averages at its current value (after a dead-code reset). */
    void restart(int k, ElementView codebook) {
        if (!started) {
            return;
        }
        counts[k] = 1.0;
        for (int d = 0; d < dimension; d++) {
            sums[k * dimension + d] = codebook.get(k * dimension + d);
        }
    }

    /** The moving-average count {@code N_k} of entry k (before smoothing). */
    double count(int k) {
        return counts[k];
    }

    void saveState(StateOutput out) throws IOException {
        out.writeDoubles("vq.ema-counts", counts);
        out.writeDoubles("vq.ema-sums", sums);
        out.writeBoolean("vq.ema-started", started);
    }

    void restoreState(StateInput in) throws IOException {
        double[] c = in.readDoubles("vq.ema-counts", counts.length);
        double[] s = in.readDoubles("vq.ema-sums", sums.length);
        System.arraycopy(c, 0, counts, 0, c.length);
        System.arraycopy(s, 0, sums, 0, s.length);
        started = in.readBoolean("vq.ema-started");
    }
}

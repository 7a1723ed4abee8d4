package io.github.dvae.estimators.vq;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Dead-code handling: an entry that no latent vector has chosen for {@code after} consecutive
 * training steps is re-initialised to one of the current batch's encoder outputs, drawn uniformly
 * from the stream passed in, so it lands where the data are and can compete again (a reset as in
 * Dhariwal et al. 2020's Jukebox and in common VQ-VAE implementations).
 */
final class DeadCodeReset {

    private final int after;
    private final int[] idleSteps;
    private long resets;

    /** @param after steps without use before a reset, >= 1 */
    DeadCodeReset(int after, int entries) {
        this.after = after;
        this.idleSteps = new int[entries];
    }

    /**
     * Counts one training step's usage and resets the entries idle for {@code after} steps to
     * random rows of {@code z} ({@code rows x D} elements), calling {@code onReset} with each
     * reset entry.
     */
    void update(CodeUsage usage, ElementView z, int rows, Codebook codebook, RandomStream rng,
            IntConsumer onReset) {
        for (int k = 0; k < idleSteps.length; k++) {
            if (usage.count(k) > 0) {
                idleSteps[k] = 0;
            } else if (++idleSteps[k] >= after) {
                codebook.setEntry(k, z, rng.nextInt(rows));
                idleSteps[k] = 0;
                resets++;
                onReset.accept(k);
            }
        }
    }

    /** Entries reset since the start of the run. */
    long resets() {
        return resets;
    }

    void saveState(StateOutput out) throws IOException {
        out.writeInts("vq.idle-steps", idleSteps);
        out.writeLong("vq.resets", resets);
    }

    void restoreState(StateInput in) throws IOException {
        int[] idle = in.readInts("vq.idle-steps", idleSteps.length);
        System.arraycopy(idle, 0, idleSteps, 0, idle.length);
        resets = in.readLong("vq.resets");
    }
}

package io.github.dvae.core.latent;

import static io.github.dvae.core.likelihood.BernoulliLikelihood.sigmoid;

import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import java.util.Arrays;

/**
 * Antithetic pairs of Bernoulli samples, the augmentation of ARM (Yin and Zhou 2019) that DisARM
 * (Dong, Mnih and Tucker 2020) shares: for each unit one uniform {@code u}, and
 * {@code b1 = 1[u > sigmoid(-l)]}, {@code b2 = 1[u < sigmoid(l)]}. Each is marginally
 * {@code Bernoulli(sigmoid(l))}; together they are as negatively correlated as two such bits can
 * be. {@code P} independent pairs per example go to the objective in one call of
 * {@code 2 P B} rows, row {@code (2p + m) B + b} holding member m (0 for b1, 1 for b2) of pair p
 * of example b, and the decoder is trained at every row with weight {@code 1 / (2P)}: every row
 * is a true posterior sample, so that is an unbiased estimate of the decoder's gradient.
 *
 * <p>A work buffer for one estimator: {@link #draw}, then {@link #evaluate}, then read the
 * pairs or {@link #addGradient}. Buffers grow to the largest batch and are reused; not
 * thread-safe.
 */
public final class AntitheticPairs {

    /**
     * What an estimator built on antithetic pairs multiplies the pair's difference
     * {@code f(b1) - f(b2)} by, per unit: ARM's {@code u - 1/2}, DisARM's
     * {@code 1/2 1[b1 != b2] (-1)^b2 sigmoid(|l|)}.
     */
    @FunctionalInterface
    public interface UnitWeight {
        /** The weight of one unit, from its uniform u, its pair's bits and its logit. */
        double of(double u, int b1, int b2, double logit);
    }

    private final int variables;
    private final int pairs;
    private int batch;
    private double[] noise = new double[0];
    private int[] bits = new int[0];
    private double[] weights = new double[0];
    private double[] values = new double[0];

    /**
     * @param variables N, the Bernoulli units per example
     * @param pairs P, independent antithetic pairs per example (>= 1)
     */
    public AntitheticPairs(int variables, int pairs) {
        if (pairs < 1) {
            throw new IllegalArgumentException("antithetic pairs must be >= 1, got " + pairs);
        }
        this.variables = variables;
        this.pairs = pairs;
    }

    /** P. */
    public int pairs() {
        return pairs;
    }

    /**
     * Draws P pairs for each example of {@code q}'s last update: the uniforms in pair, example,
     * unit order from {@code rng} (so the same stream gives the same pairs, whatever the thread
     * count), and both members' bits.
     */
    public void draw(BernoulliPosterior q, RandomStream rng) {
        batch = q.batch();
        int perPair = batch * variables;
        if (noise.length < pairs * perPair) {
            noise = new double[pairs * perPair];
            bits = new int[2 * pairs * perPair];
            weights = new double[2 * pairs * batch];
        }
        double[] l = q.logits();
        for (int p = 0; p < pairs; p++) {
            for (int i = 0; i < perPair; i++) {
                double u = rng.nextDouble();
                noise[p * perPair + i] = u;
                // sigmoid(-l) from the logit, not 1 - sigmoid(l), which rounds to 0 for l > 37.
                bits[2 * p * perPair + i] = u > sigmoid(-l[i]) ? 1 : 0;
                bits[(2 * p + 1) * perPair + i] = u < sigmoid(l[i]) ? 1 : 0;
            }
        }
    }

    /**
     * {@code f} at every member of every pair, in one call that trains the objective's parameters
     * with weight {@code 1 / (2P)} per row; returns the values ({@code 2 P B}, rows as above).
     */
    public double[] evaluate(Objective f) {
        int rows = 2 * pairs * batch;
        Arrays.fill(weights, 0, rows, 1.0 / (2 * pairs));
        DecoderInput z = new DecoderInput.Bits(bits, rows, variables);
        values = f.differentiate(z, weights, Objective.Target.PARAMETERS).values();
        return values;
    }

    /** The uniform of unit n of example b in pair p. */
    public double noise(int p, int b, int n) {
        return noise[(p * batch + b) * variables + n];
    }

    /** Bit n of member m (0: b1, 1: b2) of pair p of example b. */
    public int bit(int p, int m, int b, int n) {
        return bits[((2 * p + m) * batch + b) * variables + n];
    }

    /** {@code f} at member m of pair p of example b, after {@link #evaluate}. */
    public double value(int p, int m, int b) {
        return values[(2 * p + m) * batch + b];
    }

    /** The mean of f over the 2P samples of example b: the estimate of {@code E_q[f_b]}. */
    public double meanValue(int b) {
        double s = 0;
        for (int r = 0; r < 2 * pairs; r++) {
            s += values[r * batch + b];
        }
        return s / (2 * pairs);
    }

    /**
     * Adds {@code (1/P) sum_p (f(b1_p) - f(b2_p)) w(u, b1, b2, l)} to {@code gradient}
     * ({@code B x N}, unit by unit), after {@link #evaluate}.
     */
    public void addGradient(BernoulliPosterior q, UnitWeight w, ElementView gradient) {
        double[] l = q.logits();
        double[] row = new double[variables];
        for (int b = 0; b < batch; b++) {
            gradient.copyTo(b * variables, row, 0, variables);
            for (int p = 0; p < pairs; p++) {
                double difference = (value(p, 0, b) - value(p, 1, b)) / pairs;
                if (difference == 0) {
                    continue;
                }
                for (int n = 0; n < variables; n++) {
                    row[n] += difference * w.of(noise(p, b, n), bit(p, 0, b, n), bit(p, 1, b, n),
                            l[b * variables + n]);
                }
            }
            gradient.write(b * variables, row, 0, variables);
        }
    }
}

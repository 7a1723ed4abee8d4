package io.github.dvae.estimators.relax;

import io.github.dvae.core.tensor.VectorModule;

/**
 * RELAX's fused per-example kernel for one categorical variable, the arithmetic of
 * {@link RelaxEstimator}'s generic fused kernel (score, the two chain rules to the logits, the
 * estimate, its square, and the two adjoint directions) in six passes over the K entries
 * instead of about thirty, each pass an elementwise loop or a reduction with eight interleaved
 * partial sums (entry {@code k} into sum {@code k mod 8}, the tail {@code K mod 8} into sum 0,
 * combined as {@link #total}): exactly the lanes of an eight-lane vector, so that
 * {@link VectorKernels#variable} computes the same bits with the Vector API. Which of the two
 * runs is decided once per JVM ({@link #VECTOR}); results depend neither on it nor on threads.
 *
 * <p>For variable {@code v} with probabilities {@code pi}, slopes {@code s = dz~/dt}, chosen class
 * {@code c}, relaxed samples {@code y} (of z) and {@code y~} (of z~), and {@code dh = dr/dy +
 * eta df/dy} at each:
 *
 * <pre>
 *   P1  d_k = dr_k + eta df_k (both sides),     D = y . d,  D~ = y~ . d~
 *   P2  p_k = y_k (d_k - D) / lambda,  p~_k = y~_k (d~_k - D~) / lambda s_k,
 *       S = sum p,  S~ = sum p~
 *   P3  g_k = coefficient (1[k = c] - pi_k) + (p_k - pi_k S) - (p~_k - pi_k S~)
 *   P4  |g|^2,  G = g . pi;  m = (2/B) G = pi . u (u = 2 g / B),  u . score = (2/B) g_c - m
 *   P5  u'_k = (2/B) g_k - m,  u~'_k = -(s_k u'_k),  Y = y . u',  Y~ = y~ . u~'
 *   P6  w_k = y_k (u'_k - Y) / lambda,  w~_k = y~_k (u~'_k - Y~) / lambda,  F += w . df + w~ . df~
 * </pre>
 *
 * w and w~ are the directions {@code +M_z u} and {@code -M_z~ u} of the surrogate's training
 * (P5 and P6 run only when it learns). The sums differ from the generic kernel's only by
 * rounding (tested to 1e-10 in double against the unfused reference).
 */
final class CategoricalKernel {

    /** Partial sums of each reduction: the lanes of a 512-bit double vector. */
    static final int LANES = 8;

    /** Whether {@link VectorKernels} runs (the module is present, with 512-bit vectors). */
    static final boolean VECTOR = VectorModule.PRESENT && VectorKernels.usable();

    /** Slot of {@code |g|^2} in the sums array. */
    static final int SQUARE = 0;
    /** Slot of {@code u . score}. */
    static final int SCORE = 1;
    /** Slot of {@code w . df + w~ . df~}. */
    static final int FIRST_ORDER = 2;

    private CategoricalKernel() {
    }

    /**
     * One variable, on whichever path this JVM runs. {@code x} holds the variable's entries at
     * the offsets given: y, y~, df, df~ (read), dr, dr~ (read and overwritten), g (written), w
     * and w~ (written when {@code directions}). {@code pi} and {@code slope} are read from
     * {@code base}; {@code code} is the chosen class. Adds to {@code sums[SQUARE, SCORE,
     * FIRST_ORDER]} (the last two only when {@code directions}).
     */
    static void variable(double[] x, int yz, int yt, int fz, int ft, int rz, int rt, int g,
            int wz, int wt, double[] pi, double[] slope, int base, int code, int classes,
            double eta, double inverseTemperature, double coefficient, double twiceInverseBatch,
            boolean directions, double[] sums) {
        if (VECTOR) {
            VectorKernels.variable(x, yz, yt, fz, ft, rz, rt, g, wz, wt, pi, slope, base, code,
                    classes, eta, inverseTemperature, coefficient, twiceInverseBatch, directions,
                    sums);
        } else {
            scalar(x, yz, yt, fz, ft, rz, rt, g, wz, wt, pi, slope, base, code, classes, eta,
                    inverseTemperature, coefficient, twiceInverseBatch, directions, sums);
        }
    }

    /** {@link #variable} without the Vector API: the same operations in the same order. */
    static void scalar(double[] x, int yz, int yt, int fz, int ft, int rz, int rt, int g,
            int wz, int wt, double[] pi, double[] slope, int base, int code, int classes,
            double eta, double inverseTemperature, double coefficient, double twiceInverseBatch,
            boolean directions, double[] sums) {
        int whole = classes & ~(LANES - 1);
        // P1: d = dr + eta df on both sides, D = y . d, D~ = y~ . d~.
        double[] a = new double[LANES];
        double[] t = new double[LANES];
        for (int k = 0; k < classes; k++) {
            double d = x[rz + k] + eta * x[fz + k];
            double dt = x[rt + k] + eta * x[ft + k];
            x[rz + k] = d;
            x[rt + k] = dt;
            int lane = k < whole ? k & (LANES - 1) : 0;
            a[lane] += x[yz + k] * d;
            t[lane] += x[yt + k] * dt;
        }
        double dotZ = total(a, 0, a[0]);
        double dotTilde = total(t, 0, t[0]);
        // P2: the softmax Jacobians (and the slopes of z~), S and S~.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double p = inverseTemperature * x[yz + k] * (x[rz + k] - dotZ);
            double pt = inverseTemperature * x[yt + k] * (x[rt + k] - dotTilde) * slope[base + k];
            x[rz + k] = p;
            x[rt + k] = pt;
            int lane = k < whole ? k & (LANES - 1) : 0;
            a[lane] += p;
            t[lane] += pt;
        }
        double sumZ = total(a, 0, a[0]);
        double sumTilde = total(t, 0, t[0]);
        // P3: the estimate, score -pi everywhere, then the chosen class again with 1 - pi.
        for (int k = 0; k < classes; k++) {
            double q = pi[base + k];
            x[g + k] = coefficient * -q + (x[rz + k] - q * sumZ) - (x[rt + k] - q * sumTilde);
        }
        double q = pi[base + code];
        x[g + code] = coefficient * (-q + 1.0) + (x[rz + code] - q * sumZ)
                - (x[rt + code] - q * sumTilde);
        // P4: |g|^2 and g . pi.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double v = x[g + k];
            int lane = k < whole ? k & (LANES - 1) : 0;
            a[lane] += v * v;
            t[lane] += v * pi[base + k];
        }
        sums[SQUARE] += total(a, 0, a[0]);
        if (!directions) {
            return;
        }
        double m = twiceInverseBatch * (total(t, 0, t[0]));
        sums[SCORE] += twiceInverseBatch * x[g + code] - m;
        // P5: u' = u - m and u~' = s (-u + m) = -(s u'), Y = y . u', Y~ = y~ . u~'.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double u = twiceInverseBatch * x[g + k] - m;
            double ut = -(slope[base + k] * u);
            x[wz + k] = u;
            x[wt + k] = ut;
            int lane = k < whole ? k & (LANES - 1) : 0;
            a[lane] += x[yz + k] * u;
            t[lane] += x[yt + k] * ut;
        }
        double dotU = total(a, 0, a[0]);
        double dotUTilde = total(t, 0, t[0]);
        // P6: the directions, and eta's first-order term w . df + w~ . df~.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double w = inverseTemperature * x[yz + k] * (x[wz + k] - dotU);
            double wTilde = inverseTemperature * x[yt + k] * (x[wt + k] - dotUTilde);
            x[wz + k] = w;
            x[wt + k] = wTilde;
            int lane = k < whole ? k & (LANES - 1) : 0;
            a[lane] = a[lane] + w * x[fz + k] + wTilde * x[ft + k];
        }
        sums[FIRST_ORDER] += total(a, 0, a[0]);
    }

    /**
     * The eight partial sums {@code s0} and {@code s[from + 1, from + 8)} added as a balanced
     * tree, {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}.
     */
    static double total(double[] s, int from, double s0) {
        return ((s0 + s[from + 1]) + (s[from + 2] + s[from + 3]))
                + ((s[from + 4] + s[from + 5]) + (s[from + 6] + s[from + 7]));
    }

    private static void clear(double[] a, double[] t) {
        for (int i = 0; i < LANES; i++) {
            a[i] = 0;
            t[i] = 0;
        }
    }
}

package io.github.dvae.estimators.relax;

/**
 * RELAX's fused per-example kernel for one categorical variable, the arithmetic of
 * {@link RelaxEstimator}'s generic fused kernel (score, the two chain rules to the logits, the
 * estimate, its square, and the two adjoint directions) in six passes over the K entries
 * instead of about thirty, each pass an elementwise loop or a reduction with four interleaved
 * partial sums (entry {@code k} into sum {@code k mod 4}, the tail {@code K mod 4} into sum 0,
 * combined as {@code (s0 + s1) + (s2 + s3)}): exactly the lanes of a four-lane vector, so that
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

    /** Whether {@link VectorKernels} runs (the module is present and has 256-bit doubles). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector")
            .isPresent() && VectorKernels.usable();

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
        int whole = classes & ~3;
        // P1: d = dr + eta df on both sides, D = y . d, D~ = y~ . d~.
        double[] a = new double[4];
        double[] t = new double[4];
        for (int k = 0; k < classes; k++) {
            double d = x[rz + k] + eta * x[fz + k];
            double dt = x[rt + k] + eta * x[ft + k];
            x[rz + k] = d;
            x[rt + k] = dt;
            int lane = k < whole ? k & 3 : 0;
            a[lane] += x[yz + k] * d;
            t[lane] += x[yt + k] * dt;
        }
        double dotZ = (a[0] + a[1]) + (a[2] + a[3]);
        double dotTilde = (t[0] + t[1]) + (t[2] + t[3]);
        // P2: the softmax Jacobians (and the slopes of z~), S and S~.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double p = inverseTemperature * x[yz + k] * (x[rz + k] - dotZ);
            double pt = inverseTemperature * x[yt + k] * (x[rt + k] - dotTilde) * slope[base + k];
            x[rz + k] = p;
            x[rt + k] = pt;
            int lane = k < whole ? k & 3 : 0;
            a[lane] += p;
            t[lane] += pt;
        }
        double sumZ = (a[0] + a[1]) + (a[2] + a[3]);
        double sumTilde = (t[0] + t[1]) + (t[2] + t[3]);
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
            int lane = k < whole ? k & 3 : 0;
            a[lane] += v * v;
            t[lane] += v * pi[base + k];
        }
        sums[SQUARE] += (a[0] + a[1]) + (a[2] + a[3]);
        if (!directions) {
            return;
        }
        double m = twiceInverseBatch * ((t[0] + t[1]) + (t[2] + t[3]));
        sums[SCORE] += twiceInverseBatch * x[g + code] - m;
        // P5: u' = u - m and u~' = s (-u + m) = -(s u'), Y = y . u', Y~ = y~ . u~'.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double u = twiceInverseBatch * x[g + k] - m;
            double ut = -(slope[base + k] * u);
            x[wz + k] = u;
            x[wt + k] = ut;
            int lane = k < whole ? k & 3 : 0;
            a[lane] += x[yz + k] * u;
            t[lane] += x[yt + k] * ut;
        }
        double dotU = (a[0] + a[1]) + (a[2] + a[3]);
        double dotUTilde = (t[0] + t[1]) + (t[2] + t[3]);
        // P6: the directions, and eta's first-order term w . df + w~ . df~.
        clear(a, t);
        for (int k = 0; k < classes; k++) {
            double w = inverseTemperature * x[yz + k] * (x[wz + k] - dotU);
            double wTilde = inverseTemperature * x[yt + k] * (x[wt + k] - dotUTilde);
            x[wz + k] = w;
            x[wt + k] = wTilde;
            int lane = k < whole ? k & 3 : 0;
            a[lane] = a[lane] + w * x[fz + k] + wTilde * x[ft + k];
        }
        sums[FIRST_ORDER] += (a[0] + a[1]) + (a[2] + a[3]);
    }

    private static void clear(double[] a, double[] t) {
        for (int i = 0; i < 4; i++) {
            a[i] = 0;
            t[i] = 0;
        }
    }
}

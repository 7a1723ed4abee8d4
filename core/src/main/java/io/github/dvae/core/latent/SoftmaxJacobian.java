package io.github.dvae.core.latent;

/**
 * The backward pass of {@code y = softmax(a)} over groups of K: {@code dL/da_k = y_k (dL/dy_k -
 * sum_j y_j dL/dy_j)}, times a scale (1 / tau for {@code a = (l + g) / tau}). Shared by every
 * estimator whose gradient goes through a softmax: Gumbel-Softmax (through the relaxed sample),
 * straight-through (through the probabilities).
 */
public final class SoftmaxJacobian {

    private SoftmaxJacobian() {
    }

    /**
     * Overwrites {@code d[dFrom, dFrom + length)} (dL/dy, groups of {@code classes}) with
     * {@code scale * dL/da}, where y is {@code y[yFrom, yFrom + length)}.
     */
    public static void backward(double[] y, int yFrom, double[] d, int dFrom, int length,
            int classes, double scale) {
        for (int base = 0; base < length; base += classes) {
            double dot = 0;
            for (int c = 0; c < classes; c++) {
                dot += y[yFrom + base + c] * d[dFrom + base + c];
            }
            for (int c = 0; c < classes; c++) {
                d[dFrom + base + c] = scale * y[yFrom + base + c] * (d[dFrom + base + c] - dot);
            }
        }
    }
}

package io.github.dvae.estimators.vq;

import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.MatrixProduct;
import io.github.dvae.core.tensor.WorkerPool;
import io.github.dvae.core.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * K codebook vectors of dimension D, one codebook shared by all N latent positions (as in van den
 * Oord et al. 2017): a {@code K x D} c-ordered array in the model's data type, with the
 * operations both VQ estimators and their latent families need: nearest-entry search, gather,
 * mixtures, and the backward pass of the squared-distance logits.
 *
 * <p>Encoder outputs arrive as {@code B x (N*D)}; the same memory read as {@code (B*N) x D} is one
 * row per latent vector, which is how every method here sees them ("rows").
 *
 * <p>When trained by gradient, the values are wrapped in a {@link Parameter} that the model's
 * Adam steps; with EMA updates the estimator writes the values itself and there is no parameter.
 * Holds work buffers: one per run, not thread-safe.
 */
final class Codebook {

    private final int entries;
    private final int dimension;
    private final INDArray values;
    private final ElementView view;
    private final Parameter parameter;
    private final Workspace workspace;
    private final double[] squaredNorms;
    private final double[] columnSums;

    /**
     * Entries drawn independently and uniformly from {@code (-initScale, initScale)} from
     * {@code init}.
     *
     * @param trainable whether the values are a {@link Parameter} trained by the model's optimiser
     */
    Codebook(int entries, int dimension, DataType type, RandomStream init, double initScale,
            boolean trainable) {
        this.entries = entries;
        this.dimension = dimension;
        this.values = Nd4j.create(type, entries, dimension);
        this.view = ElementView.of(values);
        for (int i = 0; i < view.length(); i++) {
            view.set(i, (2 * init.nextDouble() - 1) * initScale);
        }
        this.parameter = trainable ? new Parameter("vq.codebook", values) : null;
        this.workspace = new Workspace(type);
        this.squaredNorms = new double[entries];
        this.columnSums = new double[entries];
    }

    /** K. */
    int entries() {
        return entries;
    }

    /** D. */
    int dimension() {
        return dimension;
    }

    /** The entries, {@code K x D}, live. */
    INDArray values() {
        return values;
    }

    /** Element access to the entries: entry k, coordinate d at {@code k * D + d}. */
    ElementView view() {
        return view;
    }

    /** The parameter the optimiser trains, or null when the codebook is updated by EMA. */
    Parameter parameter() {
        return parameter;
    }

    /** {@code z} ({@code B x (N*D)}, c-ordered) as {@code (B*N) x D}: the same memory. */
    INDArray rows(INDArray z) {
        long rows = z.length() / dimension;
        return z.reshape('c', rows, dimension);
    }

    /**
     * {@code s_rk = 2 z_r . e_k - ||e_k||^2 = ||z_r||^2 - ||z_r - e_k||^2}: a squared distance up
     * to a constant per row, so its argmax is the nearest entry and {@code scale * s} differs
     * from the logits {@code -scale ||z_r - e_k||^2} by a constant per row (equal softmax).
     *
     * @param z {@code rows x D}
     * @return {@code rows x K}, a buffer overwritten by the next call
     */
    INDArray scores(INDArray z, WorkerPool budget) {
        int rows = z.rows();
        INDArray out = workspace.get("scores", rows, entries);
        MatrixProduct.gemm(z, values, out, false, true, 2.0, 0.0, budget);
        updateSquaredNorms();
        ElementView s = ElementView.of(out);
        for (int r = 0; r < rows; r++) {
            int base = r * entries;
            for (int k = 0; k < entries; k++) {
                s.add(base + k, -squaredNorms[k]);
            }
        }
        return out;
    }

    private void updateSquaredNorms() {
        for (int k = 0; k < entries; k++) {
            double n = 0;
            for (int d = 0; d < dimension; d++) {
                double v = view.get(k * dimension + d);
                n += v * v;
            }
            squaredNorms[k] = n;
        }
    }

    /**
     * The index of the nearest entry (squared Euclidean distance, ties to the lower index) of each
     * row of {@code z} ({@code rows x D}) into {@code codesOut}.
     */
    void nearest(INDArray z, int[] codesOut, WorkerPool budget) {
        ElementView s = ElementView.of(scores(z, budget));
        int rows = z.rows();
        for (int r = 0; r < rows; r++) {
            int base = r * entries;
            int best = 0;
            double bestScore = s.get(base);
            for (int k = 1; k < entries; k++) {
                double v = s.get(base + k);
                if (v > bestScore) {
                    bestScore = v;
                    best = k;
                }
            }
            codesOut[r] = best;
        }
    }

    /** Writes entry {@code codes[r]} into row r of {@code out} ({@code rows x D}). */
    void gather(int[] codes, int rows, ElementView out) {
        for (int r = 0; r < rows; r++) {
            int from = codes[r] * dimension;
            int to = r * dimension;
            for (int d = 0; d < dimension; d++) {
                out.set(to + d, view.get(from + d));
            }
        }
    }

    /** {@code out = weights E}: row r of {@code out} is {@code sum_k weights_rk e_k}. */
    void mix(INDArray weights, INDArray out, WorkerPool budget) {
        MatrixProduct.gemm(weights, values, out, false, false, 1.0, 0.0, budget);
    }

    /** Sets entry k to row r of {@code z} ({@code rows x D} elements). */
    void setEntry(int k, ElementView z, int r) {
        for (int d = 0; d < dimension; d++) {
            view.set(k * dimension + d, z.get(r * dimension + d));
        }
    }

    /**
     * Back-propagates {@code G = dL/dl} through the logits {@code l_rk = -scale ||z_r - e_k||^2}:
     * adds {@code zFactor * dL/dz_r = zFactor * 2 scale (sum_k G_rk e_k - (sum_k G_rk) z_r)} into
     * {@code zGradient} ({@code rows x D} elements) and, if {@code codebookFactor != 0},
     * {@code codebookFactor * dL/de_k = codebookFactor * 2 scale (sum_r G_rk z_r - (sum_r G_rk)
     * e_k)} into the parameter's gradient.
     *
     * @param logitGradient {@code rows x K}
     * @param z {@code rows x D}
     */
    void backpropagateDistanceLogits(INDArray logitGradient, INDArray z, double scale,
            ElementView zGradient, double zFactor, double codebookFactor, WorkerPool budget) {
        int rows = z.rows();
        ElementView g = ElementView.of(logitGradient);
        ElementView zv = ElementView.of(z);
        INDArray mixed = workspace.get("logit-backward-z", rows, dimension);
        MatrixProduct.gemm(logitGradient, values, mixed, false, false, 1.0, 0.0, budget);
        ElementView m = ElementView.of(mixed);
        java.util.Arrays.fill(columnSums, 0.0);
        double f = 2 * scale * zFactor;
        for (int r = 0; r < rows; r++) {
            double rowSum = 0;
            for (int k = 0; k < entries; k++) {
                double v = g.get(r * entries + k);
                rowSum += v;
                columnSums[k] += v;
            }
            for (int d = 0; d < dimension; d++) {
                int i = r * dimension + d;
                zGradient.add(i, f * (m.get(i) - rowSum * zv.get(i)));
            }
        }
        if (codebookFactor == 0) {
            return;
        }
        INDArray weighted = workspace.get("logit-backward-codebook", entries, dimension);
        MatrixProduct.gemm(logitGradient, z, weighted, true, false, 1.0, 0.0, budget);
        ElementView w = ElementView.of(weighted);
        ElementView out = parameter.gradients();
        double c = 2 * scale * codebookFactor;
        for (int k = 0; k < entries; k++) {
            for (int d = 0; d < dimension; d++) {
                int i = k * dimension + d;
                out.add(i, c * (w.get(i) - columnSums[k] * view.get(i)));
            }
        }
    }

    /**
     * Adds {@code factor * weights^T u} into the parameter's gradient: the gradient of a
     * decoder input {@code sum_k w_rk e_k} with respect to the entries, given {@code u = dL/d
     * input} ({@code rows x D}) and {@code weights} ({@code rows x K}).
     */
    void addMixtureGradient(INDArray weights, INDArray u, double factor, WorkerPool budget) {
        MatrixProduct.gemm(weights, u, parameter.gradient(), true, false, factor, 1.0, budget);
    }
}

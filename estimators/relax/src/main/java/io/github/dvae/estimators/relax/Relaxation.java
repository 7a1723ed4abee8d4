package io.github.dvae.estimators.relax;

import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.WorkerPool;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * REBAR's reparameterisation of one latent kind, as RELAX uses it: for a batch of B examples of
 * {@link #width()} logits each (which is also the decoder's width), a perturbation {@code z} with
 * hard sample {@code b = H(z)}, a conditional perturbation {@code z~ ~ z | b}, their relaxations
 * {@code y = sigma_lambda(z)} and {@code y~ = sigma_lambda(z~)}, the score
 * {@code d log q(b)/dl}, and the chain rule from {@code dh/dy} to {@code dh/dl} through z or z~
 * together with its adjoint. The chain rule is linear in {@code dh/dy} and does not depend on h,
 * which is what lets RELAX train its surrogate with one forward tangent.
 *
 * <p>Per-example methods read the batch state left by {@link #draw} and write disjoint memory, so
 * examples may run on different threads.
 */
interface Relaxation {

    /** The latent family the estimator serves. */
    LatentFamily family();

    /** Logits per example, equal to the decoder's width per example. */
    int width();

    /** Reads the posterior from the encoder's output ({@code B x width}). */
    void update(INDArray logits, int batch, WorkerPool workers);

    /**
     * Draws z, b and z~ for every example from {@code rng}, on {@code workers} where the kind
     * splits its noise into pieces (never so that the draw depends on the number of threads),
     * and writes {@code y} into rows {@code [0, B)} and {@code y~} into rows {@code [B, 2B)} of
     * {@code relaxed} ({@code 2B x width}).
     */
    void draw(int batch, double inverseTemperature, RandomStream rng, ElementView relaxed,
            WorkerPool workers);

    /** The hard samples b of the last draw, one row per example. */
    DecoderInput hard(int batch);

    /**
     * Entries of one piece of the per-example methods below: a whole number of variables (K for
     * categorical variables), so that pieces of an example are independent of each other. The
     * width is a multiple of it, except that the last piece may be shorter for Bernoulli units.
     */
    int piece();

    /**
     * {@code d log q(b)/dl} of example {@code b}, entries {@code [from, from + length)} of its
     * row ({@code from} a multiple of {@link #piece()}, the range whole variables), into
     * {@code out[outFrom, outFrom + length)}.
     */
    void score(int b, int from, int length, double[] out, int outFrom);

    /**
     * Adds {@code scale * dh/dl} of example {@code b}, entries {@code [from, from + length)}
     * (whole variables), to {@code out[outFrom...]}, from {@code dh/dy} of those entries in
     * {@code d[dFrom...]} (which it may overwrite) at the relaxed entries {@code y[yFrom...]} of
     * z ({@code tilde == false}) or z~.
     */
    void addToLogits(int b, int from, int length, boolean tilde, double inverseTemperature,
            double[] y, int yFrom, double[] d, int dFrom, double scale, double[] out,
            int outFrom);

    /**
     * The adjoint of {@link #addToLogits} over the same entries: overwrites {@code u[uFrom...]}
     * with the direction {@code w} for which {@code <u, dh/dl> = <w, dh/dy>} for every h, through
     * z or z~.
     */
    void adjoint(int b, int from, int length, boolean tilde, double inverseTemperature,
            double[] y, int yFrom, double[] u, int uFrom);
}

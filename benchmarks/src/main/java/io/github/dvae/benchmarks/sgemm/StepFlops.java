package io.github.dvae.benchmarks.sgemm;

import io.github.dvae.benchmarks.sgemm.GemmShape.Orientation;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The floating-point operations of one training step's matrix products ({@code 2 M K N} each),
 * which bound its speed from below: at a measured SGEMM rate of G GFLOP/s no step can process
 * more than {@code G 1e9 / perImage()} images a second. Counted per layer: the forward product,
 * the weight gradient, and the input gradient wherever one is propagated (not into the data, and
 * into the latent sample only for estimators that differentiate through it). The encoder runs on
 * {@code batch} rows, the decoder on {@code batch * decoderRowsPerExample} (S samples per
 * example, or 2 for the antithetic pair of ARM and DisARM). Elementwise work, the estimator's
 * own arithmetic and the optimiser are not counted.
 *
 * <p>Widths: the encoder outputs the latent's logits (N K categorical, N Bernoulli; N D for a
 * codebook, embedding D above 1), the decoder reads N K one-hot values, N bits or N D entries.
 *
 * @param encoderFlops every encoder product of a step
 * @param decoderFlops every decoder product of a step
 */
public record StepFlops(int batch, int decoderRowsPerExample, long encoderFlops,
        long decoderFlops) {

    private static final String ENCODER = "encoder.";
    private static final String DECODER = "decoder.";

    public StepFlops {
        if (batch < 1 || decoderRowsPerExample < 1) {
            throw new IllegalArgumentException("batch and decoder rows per example must be >= 1,"
                    + " got " + batch + " and " + decoderRowsPerExample);
        }
    }

    /**
     * Every product dense, no gradient into the latent sample: a score-function step (REINFORCE,
     * DisARM) as a framework without a gather computes it.
     */
    public static StepFlops of(VaeArchitecture architecture, int batch,
            int decoderRowsPerExample) {
        return of(architecture, batch, decoderRowsPerExample, false, false);
    }

    /**
     * @param latentGradient whether the step propagates a gradient into the decoder's input
     *     (relaxed and straight-through estimators)
     * @param gatheredDecoderInput whether the decoder's first layer reads its one-hot input by a
     *     gather and a scatter-add instead of products (this harness from K = 32 classes on, and
     *     PyTorch's reference with {@code --gather}): that layer's forward and weight-gradient
     *     products are then not counted
     */
    public static StepFlops of(VaeArchitecture architecture, int batch, int decoderRowsPerExample,
            boolean latentGradient, boolean gatheredDecoderInput) {
        long encoder = 0;
        long decoder = 0;
        for (GemmShape p : products(architecture, batch, decoderRowsPerExample, latentGradient,
                gatheredDecoderInput)) {
            if (p.label().startsWith(ENCODER)) {
                encoder += p.flops();
            } else {
                decoder += p.flops();
            }
        }
        return new StepFlops(batch, decoderRowsPerExample, encoder, decoder);
    }

    /**
     * The products of one step, as {@link #of(VaeArchitecture, int, int, boolean, boolean)}
     * counts them, labelled {@code encoder.<layer>} or {@code decoder.<layer>} (from 0).
     */
    public static List<GemmShape> products(VaeArchitecture architecture, int batch,
            int decoderRowsPerExample, boolean latentGradient, boolean gatheredDecoderInput) {
        LatentSpec latent = architecture.latent();
        boolean codebook = latent.embedding() > 1;
        int encoderWidth = codebook ? latent.variables() * latent.embedding()
                : latent.logitWidth();
        int decoderWidth = latent.bernoulli() ? latent.variables()
                : codebook ? latent.variables() * latent.embedding() : latent.oneHotWidth();
        List<GemmShape> out = new ArrayList<>();
        int[] enc = architecture.encoderSizes(encoderWidth);
        for (int i = 0; i + 1 < enc.length; i++) {
            layer(out, ENCODER + i, batch, enc[i], enc[i + 1], true, i > 0);
        }
        int rows = Math.multiplyExact(batch, decoderRowsPerExample);
        int[] dec = architecture.decoderSizes(decoderWidth);
        for (int i = 0; i + 1 < dec.length; i++) {
            boolean dense = i > 0 || !gatheredDecoderInput;
            layer(out, DECODER + i, rows, dec[i], dec[i + 1], dense, i > 0 || latentGradient);
        }
        return List.copyOf(out);
    }

    private static void layer(List<GemmShape> out, String label, int rows, int inputs,
            int outputs, boolean dense, boolean inputGradient) {
        if (dense) {
            out.add(GemmShape.ofLayer(label, rows, inputs, outputs, Orientation.FORWARD));
            out.add(GemmShape.ofLayer(label, rows, inputs, outputs, Orientation.WEIGHT_GRADIENT));
        }
        if (inputGradient) {
            out.add(GemmShape.ofLayer(label, rows, inputs, outputs, Orientation.INPUT_GRADIENT));
        }
    }

    /** The step's product operations. */
    public long total() {
        return encoderFlops + decoderFlops;
    }

    /** Operations per image of the batch. */
    public double perImage() {
        return total() / (double) batch;
    }

    /** The images a second a rate of {@code gflops} GFLOP/s allows, products alone. */
    public double imagesPerSecondAllowed(double gflops) {
        return gflops * 1e9 / perImage();
    }

    /**
     * A measured throughput as a fraction of what the SGEMM rate allows: {@code imagesPerSecond
     * / imagesPerSecondAllowed(gflops)}.
     */
    public double fractionOfRate(double imagesPerSecond, double gflops) {
        return imagesPerSecond / imagesPerSecondAllowed(gflops);
    }
}

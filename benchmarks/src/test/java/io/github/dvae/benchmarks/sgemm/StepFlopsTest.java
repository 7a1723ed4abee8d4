package io.github.dvae.benchmarks.sgemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dvae.benchmarks.sgemm.GemmShape.Orientation;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step FLOP counts against hand-computed ones. */
class StepFlopsTest {

    /**
     * 4-3-(2x2)-3-4, batch 5, 2 decoder rows per example. Encoder (5 rows): 4x3 forward and
     * weight gradient 2 * 2*5*4*3 = 240, 3x4 with its input gradient 3 * 2*5*3*4 = 360. Decoder
     * (10 rows): 4x3 forward and weight gradient 2 * 2*10*4*3 = 480, 3x4 with input gradient
     * 3 * 2*10*3*4 = 720. Total 1800, 360 per image.
     */
    @Test
    void aSmallCategoricalStepByHand() {
        VaeArchitecture a = VaeArchitecture.parse("4-3-(2x2)-3-4");
        StepFlops f = StepFlops.of(a, 5, 2);
        assertEquals(600, f.encoderFlops());
        assertEquals(1200, f.decoderFlops());
        assertEquals(1800, f.total());
        assertEquals(360.0, f.perImage());
        // The gradient into the latent adds the decoder's first input gradient, 240; a gather
        // drops that layer's forward and weight gradient, 480.
        assertEquals(2040, StepFlops.of(a, 5, 2, true, false).total());
        assertEquals(1320 + 240, StepFlops.of(a, 5, 2, true, true).total());
        // 360 FLOP an image at 1 GFLOP/s: 1e9 / 360 images a second.
        assertEquals(1e9 / 360, f.imagesPerSecondAllowed(1.0), 1e-6);
        assertEquals(0.5, f.fractionOfRate(1e9 / 720, 1.0), 1e-12);
    }

    /** 784-(200b)-784 linear, batch 50: encoder 2 * 2*50*784*200, decoder the same (bits in). */
    @Test
    void aLinearBernoulliStepByHand() {
        StepFlops f = StepFlops.of(VaeArchitecture.parse("disarm-linear"), 50, 1);
        long layer = 2L * 50 * 784 * 200;
        assertEquals(2 * layer, f.encoderFlops());
        assertEquals(2 * layer, f.decoderFlops());
    }

    @Test
    void theProductsAreTheLayersInTheirOrientations() {
        List<GemmShape> p = StepFlops.products(VaeArchitecture.parse("4-3-(2x2)-3-4"), 5, 1,
                false, false);
        assertEquals(List.of(
                new GemmShape("encoder.0", 5, 4, 3, Orientation.FORWARD),
                new GemmShape("encoder.0", 4, 5, 3, Orientation.WEIGHT_GRADIENT),
                new GemmShape("encoder.1", 5, 3, 4, Orientation.FORWARD),
                new GemmShape("encoder.1", 3, 5, 4, Orientation.WEIGHT_GRADIENT),
                new GemmShape("encoder.1", 5, 4, 3, Orientation.INPUT_GRADIENT),
                new GemmShape("decoder.0", 5, 4, 3, Orientation.FORWARD),
                new GemmShape("decoder.0", 4, 5, 3, Orientation.WEIGHT_GRADIENT),
                new GemmShape("decoder.1", 5, 3, 4, Orientation.FORWARD),
                new GemmShape("decoder.1", 3, 5, 4, Orientation.WEIGHT_GRADIENT),
                new GemmShape("decoder.1", 5, 4, 3, Orientation.INPUT_GRADIENT)), p);
    }

    @Test
    void aShapeIsParsedOrRefusedWithTheFormAllowed() {
        GemmShape s = GemmShape.parse("50x784x200");
        assertEquals(2L * 50 * 784 * 200, s.flops());
        assertEquals("50x784x200", s.dimensions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmShape.parse("50x784"));
        assertEquals("shape '50x784' is not of the form MxKxN, e.g. 50x784x200", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("0x1x1"));
    }
}

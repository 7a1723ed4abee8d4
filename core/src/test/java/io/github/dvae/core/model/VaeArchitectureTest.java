package io.github.dvae.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.nn.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The written form of architectures and latent spaces: parsing, round trips, clear refusals. */
class VaeArchitectureTest {

    @ParameterizedTest
    @ValueSource(strings = {"784-400-(20x256)-400-784", "784-200-(200b)-200-784",
        "784-(200b)-784", "784-200-200-(200b+prior)-200-200-784", "784-200-(20x16x8)-200-784",
        "6-5-(3b)-4-6", "784-200-200-(200b+prior)-200-200-784:leakyrelu(0.3)",
        "784-512-256-(20x10)-256-512-784:leakyrelu(0.2)", "6-5-(3b)-4-6:sigmoid"})
    void writtenFormsRoundTrip(String text) {
        VaeArchitecture a = VaeArchitecture.parse(text);
        assertEquals(text, a.toString());
        assertEquals(a, VaeArchitecture.parse(a.toString()));
    }

    @Test
    void bernoulliFormGivesBernoulliUnits() {
        VaeArchitecture a = VaeArchitecture.parse("784-200-(200b)-200-784");
        LatentSpec latent = a.latent();
        assertEquals(LatentKind.BERNOULLI, latent.kind());
        assertEquals(200, latent.variables());
        assertEquals(200, latent.logitWidth());
        assertEquals(2, latent.classes());
        assertTrue(!latent.learnedPrior());
        assertTrue(VaeArchitecture.parse("784-200-(200b+prior)-200-784").latent().learnedPrior());
        assertEquals(LatentSpec.bernoulli(200), LatentSpec.parse("200b"));
        // Parentheses are optional, as for categorical latents; upper case is read as lower.
        assertEquals(a, VaeArchitecture.parse("784-200-200B-200-784"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"784-200-(0b)-200-784", "784-200-(200c)-200-784",
        "784-200-(b)-200-784", "784-200-(200b2)-200-784", "784-200-(200b-200-784",
        "784-200-(200x)-200-784", "784-200-(20x1)-200-784", "784-200-200-784",
        "784-200-(200bprior)-200-784", "784-200-(200b)-200-783",
        "784-200-(200b)-200-784:leakyrelu(1.5)", "784-200-(200b)-200-784:tanh",
        "784-200-(200b)-200-784:leakyrelu(x)", "784-(200b)-784:leakyrelu(0.3)"})
    void badFormsAreRefusedNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeArchitecture.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") || e.getMessage().contains("200"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith("architecture '" + text + "'"), e.getMessage());
    }

    @Test
    void disarmsLinearPresetIsItsSingleLayerLinearModel() {
        VaeArchitecture a = VaeArchitecture.parse("disarm-linear");
        assertEquals("784-(200b+prior)-784", a.toString());
        assertEquals(0, a.encoderHidden().length);
        assertTrue(a.latent().learnedPrior());
    }

    @Test
    void papersPresetsNameTheirHiddenActivation() {
        VaeArchitecture disarm = VaeArchitecture.parse("disarm-nonlinear");
        assertEquals("784-200-200-(200b+prior)-200-200-784:leakyrelu(0.3)", disarm.toString());
        assertEquals(Activation.leakyRelu(0.3), disarm.hiddenActivation());
        assertEquals("784-512-256-(20x10)-256-512-784:leakyrelu(0.2)",
                VaeArchitecture.parse("categorical-nonlinear").toString());
        assertEquals(Activation.RELU, VaeArchitecture.parse("jang").hiddenActivation());
        // Same sizes, other activation: a different model.
        assertTrue(!disarm.equals(VaeArchitecture.parse("784-200-200-(200b+prior)-200-200-784")));
    }

    @Test
    void learnedPriorIsForBernoulliOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> new LatentSpec(LatentKind.CATEGORICAL, 3, 4, 1, true));
        assertThrows(IllegalArgumentException.class,
                () -> new LatentSpec(LatentKind.BERNOULLI, 3, 4, 1, false));
    }

    /** The largest product of a step, by hand: the seed's 400 x 5120 layers, DisARM's 784 x 200. */
    @Test
    void largestProductIsTheWidestLayerAtTheBatch() {
        assertEquals(2L * 100 * 400 * 5120, VaeArchitecture.parse("seed").largestProductFlops(100));
        assertEquals(2L * 50 * 784 * 200,
                VaeArchitecture.parse("784-200-200-(200b)-200-200-784").largestProductFlops(50));
    }
}

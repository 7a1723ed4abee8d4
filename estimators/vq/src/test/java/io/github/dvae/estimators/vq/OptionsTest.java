package io.github.dvae.estimators.vq;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad options are refused with a message naming the option, the value and what is allowed. */
class OptionsTest {

    private static final EstimatorConfig BASE = EstimatorConfig.of(new LatentSpec(4, 8, 3), 6);

    private static void refused(EstimatorProvider p, Map<String, String> options,
            String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.create(BASE.withOptions(options)), options.toString());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void vqOptionsAreValidated() {
        VqEstimatorProvider p = new VqEstimatorProvider();
        refused(p, Map.of("beta", "-0.1"), "'vq'", "beta=-0.1", ">= 0");
        refused(p, Map.of("codebook", "kmeans"), "codebook=kmeans", "loss, ema");
        refused(p, Map.of("codebook", "ema", "decay", "1.5"), "decay=1.5", "(0.0, 1.0)");
        refused(p, Map.of("codebook", "ema", "decay", "0"), "decay=0", "(0.0, 1.0)");
        refused(p, Map.of("codebook", "ema", "decay", "1"), "decay=1", "(0.0, 1.0)");
        refused(p, Map.of("codebook", "ema", "epsilon", "0"), "epsilon=0", "> 0");
        refused(p, Map.of("decay", "0.9"), "decay=0.9", "only with codebook=ema");
        refused(p, Map.of("dead-after", "-1"), "dead-after=-1", ">= 0");
        refused(p, Map.of("dead-after", "often"), "dead-after=often", "integer");
        refused(p, Map.of("init-scale", "0"), "init-scale=0", "> 0");
        refused(p, Map.of("tau", "1"), "no option 'tau'", "beta, codebook");
        // Valid ones are accepted.
        p.create(BASE.withOptions(Map.of("codebook", "ema", "decay", "0.9", "beta", "0")));
    }

    @Test
    void gumbelOptionsAreValidated() {
        GumbelVqEstimatorProvider p = new GumbelVqEstimatorProvider();
        refused(p, Map.of("tau", "0"), "'vq-gumbel'", "tau=0", "> 0");
        refused(p, Map.of("tau", "-2"), "tau=-2", "> 0");
        refused(p, Map.of("hard", "maybe"), "hard=maybe", "true, false");
        refused(p, Map.of("scale", "0"), "scale=0", "> 0");
        refused(p, Map.of("beta", "0.25"), "no option 'beta'");
        p.create(BASE.withOptions(Map.of("tau", "0.5", "hard", "true")));
    }

    /** K and D come from the latent spec, which refuses K < 2 and D < 1 by name. */
    @Test
    void codebookSizeAndDimensionAreValidatedWithTheLatentSpace() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> VaeArchitecture.parse("784-200-(20x1x8)-200-784"));
        assertTrue(k.getMessage().contains("classes") && k.getMessage().contains("got 1"),
                k.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> VaeArchitecture.parse("784-200-(20x16x0)-200-784"));
        assertTrue(d.getMessage().contains("embedding dimension") && d.getMessage().contains(
                "got 0"), d.getMessage());
    }

    @Test
    void bothProvidersAreDiscovered() {
        assertTrue(Estimators.find("vq") instanceof VqEstimatorProvider);
        assertTrue(Estimators.find("vq-gumbel") instanceof GumbelVqEstimatorProvider);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> Estimators.find("vqvae"));
        assertTrue(e.getMessage().contains("vq, vq-gumbel"), e.getMessage());
    }
}

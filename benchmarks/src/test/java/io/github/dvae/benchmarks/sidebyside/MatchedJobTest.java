package io.github.dvae.benchmarks.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorSpec;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.experiments.preset.Presets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class MatchedJobTest {

    private static MatchedJob job(String preset, String estimator) {
        return MatchedJob.of(Presets.find(preset), estimator, null, null, null);
    }

    @Test
    void disarmNonlinearLeaveOneOutIsTheScriptsBernoulliShapeAtThePresetsBatchAndRate() {
        MatchedJob j = job("disarm-nonlinear", "reinforce-loo");
        assertEquals(List.of("--hidden", "200,200", "--act", "leaky:0.3", "--latent", "bernoulli",
                "--n", "200", "--estimator", "reinforce", "--samples", "2", "--batch", "50",
                "--lr", "1.0E-4"), j.scriptFlags());
        assertEquals("disarm-nonlinear", j.harnessArchitecture());
        assertEquals("reinforce:baseline=loo,samples=2", j.harnessEstimator());
        assertFalse(j.gatherApplies(), "no --gather on Bernoulli units");
        assertTrue(j.differencesText().contains("learned"), j.differencesText());
    }

    @Test
    void disarmLinearIsTheScriptsModelWithoutHiddenLayers() {
        MatchedJob j = job("disarm-linear", "reinforce-loo");
        assertEquals(List.of("--hidden", "0", "--act", "relu", "--latent", "bernoulli", "--n",
                "200", "--estimator", "reinforce", "--samples", "2", "--batch", "50", "--lr",
                "1.0E-4"), j.scriptFlags());
        assertEquals("disarm-linear", j.harnessArchitecture());
        assertEquals("reinforce:baseline=loo,samples=2", j.harnessEstimator());
        assertFalse(j.gatherApplies());
        assertTrue(j.differencesText().contains("learned"), j.differencesText());
    }

    @Test
    void categoricalShapesTakeNkAndTheGatherFormForReinforceOnly() {
        MatchedJob loo = job("categorical-nonlinear", "reinforce-loo");
        assertEquals(List.of("--hidden", "512,256", "--act", "leaky:0.2", "--latent",
                "categorical", "--n", "20", "--k", "10", "--estimator", "reinforce", "--samples",
                "4", "--batch", "200", "--lr", "1.0E-4"), loo.scriptFlags());
        assertTrue(loo.gatherApplies());
        assertEquals("none", loo.differencesText());

        MatchedJob st = job("jang-categorical", "st-gumbel-softmax");
        assertEquals(List.of("--hidden", "512,256", "--act", "relu", "--latent", "categorical",
                "--n", "20", "--k", "10", "--estimator", "st-gumbel", "--tau", "1.0", "--batch",
                "100", "--lr", "0.001"), st.scriptFlags());
        assertEquals("jang", st.harnessArchitecture());
        assertEquals("st-gumbel-softmax:tau=1.0", st.harnessEstimator());
        assertFalse(st.gatherApplies());

        MatchedJob seed = MatchedJob.of(Presets.find("seed"), "reinforce", null, null, 128);
        assertEquals(List.of("--hidden", "400", "--act", "relu", "--latent", "categorical",
                "--n", "20", "--k", "256", "--estimator", "reinforce", "--samples", "1",
                "--batch", "128", "--lr", "0.001"), seed.scriptFlags());
        assertEquals("reinforce", seed.harnessEstimator());
        assertTrue(seed.gatherApplies());

        MatchedJob gs = MatchedJob.of(Presets.find("disarm-nonlinear"), "gumbel-softmax", null,
                0.5, null);
        assertTrue(gs.scriptFlags().containsAll(List.of("--estimator", "gumbel", "--tau",
                "0.5")));
        assertEquals("gumbel-softmax:tau=0.5", gs.harnessEstimator());
    }

    /**
     * For every preset the script can build and every estimator: its flags describe the same
     * network as the harness's architecture (read back into this harness's written form), and
     * the harness's spec is one its provider accepts on that architecture.
     */
    @Test
    void theScriptsFlagsDescribeTheHarnesssArchitectureForEveryPresetAndEstimator() {
        for (String preset : List.of("seed", "disarm-linear", "disarm-nonlinear",
                "categorical-nonlinear", "jang-categorical")) {
            for (String estimator : MatchedJob.ESTIMATORS) {
                MatchedJob j = job(preset, estimator);
                VaeArchitecture harness = VaeArchitecture.parse(j.harnessArchitecture());
                LatentSpec latent = harness.latent();
                if (latent.learnedPrior()) {
                    latent = LatentSpec.bernoulli(latent.variables());
                }
                assertEquals(harness.withLatent(latent), fromScriptFlags(j.scriptFlags()),
                        preset + " " + estimator);
                EstimatorSpec spec = EstimatorSpec.parse(j.harnessEstimator());
                spec.provider().create(new EstimatorConfig(harness.latent(),
                        harness.dataWidth(), DataType.FLOAT, 1L, spec.options()));
                assertEquals(j.gatherApplies(), latent.kind() == LatentKind.CATEGORICAL
                        && estimator.startsWith("reinforce"), preset + " " + estimator);
            }
        }
    }

    /** The network the script builds from its flags, in this harness's written form. */
    private static VaeArchitecture fromScriptFlags(List<String> flags) {
        String hidden = flags.get(flags.indexOf("--hidden") + 1);
        String act = flags.get(flags.indexOf("--act") + 1);
        String n = flags.get(flags.indexOf("--n") + 1);
        String latent = flags.get(flags.indexOf("--latent") + 1).equals("bernoulli") ? n + "b"
                : n + "x" + flags.get(flags.indexOf("--k") + 1);
        // The script's own reading: "0" or empty is no hidden layer.
        List<String> widths = hidden.equals("0") || hidden.isEmpty() ? List.of()
                : List.of(hidden.split(","));
        List<String> reversed = new ArrayList<>(widths);
        Collections.reverse(reversed);
        String activation = act.equals("relu") ? "relu"
                : "leakyrelu(" + act.substring("leaky:".length()) + ")";
        List<String> layers = new ArrayList<>(List.of("784"));
        layers.addAll(widths);
        layers.add("(" + latent + ")");
        layers.addAll(reversed);
        layers.add("784");
        return VaeArchitecture.parse(String.join("-", layers) + ":" + activation);
    }

    @Test
    void whatTheScriptCannotRunIsRefusedNamingIt() {
        IllegalArgumentException rebar = assertThrows(IllegalArgumentException.class,
                () -> job("seed", "rebar"));
        assertTrue(rebar.getMessage().contains("'rebar'"), rebar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatchedJob.of(Presets.find("seed"),
                "gumbel-softmax", 4, null, null));
        assertThrows(IllegalArgumentException.class, () -> MatchedJob.of(Presets.find("seed"),
                "reinforce-loo", 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> MatchedJob.of(Presets.find("seed"),
                "reinforce", null, 1.0, null));
        assertThrows(IllegalArgumentException.class, () -> MatchedJob.of(Presets.find("seed"),
                "gumbel-softmax", null, 0.0, null));
        assertThrows(IllegalArgumentException.class, () -> MatchedJob.of(Presets.find("toy"),
                "reinforce", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> job("no-such-preset", "reinforce"));
    }
}

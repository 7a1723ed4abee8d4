package io.github.dvae.estimators.rebar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.DecoderInput;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.toy.FunctionObjective;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** How REBAR meets the SPI: discovery, options, variants, and the objective calls it makes. */
class RebarSpiTest {

    private static final LatentSpec LATENT = LatentSpec.categorical(3, 3);

    @Test
    void isDiscoveredByServiceLoaderAndDeclaresItselfUnbiased() {
        EstimatorProvider p = Estimators.find("rebar");
        assertInstanceOf(RebarEstimatorProvider.class, p);
        assertTrue(p.unbiased());
        assertTrue(p.description().contains("Tucker et al. 2017"), p.description());
    }

    @Test
    void badOptionsAreNamedWithWhatIsAllowed() {
        RebarEstimatorProvider p = new RebarEstimatorProvider();
        EstimatorConfig base = EstimatorConfig.of(LATENT, 4);
        assertRefused(p, base.withOption("eta", "fast"), "eta=fast", "finite number or auto");
        assertRefused(p, base.withOption("eta", "NaN"), "eta=NaN", "finite number or auto");
        assertRefused(p, base.withOption("eta", "Infinity"), "eta=Infinity", "finite number");
        assertRefused(p, base.withOption("lambda", "0"), "lambda=0", "> 0");
        assertRefused(p, base.withOption("lambda", "-0.5"), "lambda=-0.5", "> 0");
        assertRefused(p, base.withOption("lambda", "auto"), "lambda=auto", "number");
        assertRefused(p, base.withOption("tune-lambda", "yes"), "tune-lambda=yes",
                "true, false");
        assertRefused(p, base.withOption("lambda-rate", "0"), "lambda-rate=0", "> 0");
        assertRefused(p, base.withOptions(Map.of("tune-lambda", "true", "lambda", "1e-4")),
                "lambda=1e-4", "[0.001, 1000.0] when tune-lambda=true");
        assertRefused(p, base.withOption("tau", "0.5"), "no option 'tau'",
                "eta, lambda, lambda-rate, tune-lambda");
        // Values that are allowed.
        p.create(base.withOptions(Map.of("eta", "-0.5", "lambda", "1e-4")));
        p.create(base.withOptions(Map.of("eta", " auto ", "tune-lambda", "true")));
    }

    private static void assertRefused(EstimatorProvider p, EstimatorConfig c, String... parts) {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> p.create(c));
        assertTrue(e.getMessage().startsWith("estimator 'rebar'"), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: "
                    + e.getMessage());
        }
    }

    @Test
    void variantsCoverFixedAutoAndTunedSettings() {
        RebarEstimatorProvider p = new RebarEstimatorProvider();
        Set<String> covered = new HashSet<>();
        for (Map<String, String> v : p.variants()) {
            RebarEstimator e = (RebarEstimator) p.create(EstimatorConfig.of(LATENT, 4)
                    .withOptions(v));
            String eta = v.getOrDefault("eta", "1.0");
            covered.add("auto".equals(eta) ? "auto-eta" : "fixed-eta");
            covered.add(Boolean.parseBoolean(v.getOrDefault("tune-lambda", "false"))
                    ? "tuned-lambda" : "fixed-lambda");
            if (e.lambda() <= 0.05) {
                covered.add("small-lambda");
            }
        }
        assertEquals(Set.of("auto-eta", "fixed-eta", "tuned-lambda", "fixed-lambda",
                "small-lambda"), covered);
    }

    /**
     * The decoder is trained at {@code f(b)} only: one call with the hard sample, B rows,
     * {@link Objective.Target#PARAMETERS}; the relaxed samples go in one call of 2B rows (4B when
     * tuning lambda) with {@link Objective.Target#INPUT}. Both relaxed rows of a variable keep the
     * hard sample's argmax (z's by construction, z~'s by conditioning), and the objective the
     * estimator reports is {@code f(b)}.
     */
    @Test
    void decoderIsTrainedAtTheHardSampleOnlyInTwoCalls() {
        for (boolean tune : new boolean[] {false, true}) {
            int batch = 5;
            int width = LATENT.oneHotWidth();
            FunctionObjective inner = new FunctionObjective(EnumerableProblem.bernoulliDecoder(
                    width, 6, batch, 1.0, 4), batch, width,
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            List<String> calls = new ArrayList<>();
            int[][] hardCodes = new int[1][];
            double[][] hardValues = new double[1][];
            Objective spy = new Objective() {
                @Override
                public int examples() {
                    return batch;
                }

                @Override
                public int inputWidth() {
                    return width;
                }

                @Override
                public double[] values(DecoderInput z) {
                    calls.add("values");
                    return inner.values(z);
                }

                @Override
                public Evaluation differentiate(DecoderInput z, double[] weights, Target target) {
                    for (int r = 0; r < z.rows(); r++) {
                        assertEquals(1.0, weights[r], 0.0, "weight of row " + r);
                    }
                    Evaluation e = inner.differentiate(z, weights, target);
                    if (z instanceof DecoderInput.OneHot h) {
                        calls.add("one-hot " + h.rows() + " " + target);
                        hardCodes[0] = java.util.Arrays.copyOf(h.codes(), h.rows() * 3);
                        hardValues[0] = e.values().clone();
                    } else {
                        INDArray y = ((DecoderInput.Dense) z).values();
                        calls.add("dense " + y.rows() + " " + target);
                        ElementView v = ElementView.of(y);
                        for (int r = 0; r < y.rows(); r++) {
                            for (int n = 0; n < 3; n++) {
                                int argmax = 0;
                                double sum = 0;
                                for (int k = 0; k < 3; k++) {
                                    double value = v.get(r * width + n * 3 + k);
                                    sum += value;
                                    if (value > v.get(r * width + n * 3 + argmax)) {
                                        argmax = k;
                                    }
                                }
                                assertEquals(1.0, sum, 1e-12, "relaxed row sums to one");
                                assertEquals(hardCodes[0][(r % batch) * 3 + n], argmax,
                                        "argmax of relaxed row " + r + ", variable " + n);
                            }
                        }
                    }
                    return e;
                }
            };
            GradientEstimator rebar = new RebarEstimatorProvider().create(new EstimatorConfig(
                    LATENT, 6, org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0,
                    Map.of("tune-lambda", Boolean.toString(tune))));
            INDArray logits = RebarUnbiasednessTest.TRAINED.tiledLogits(3).getRows(0, 1, 2, 3, 4)
                    .dup();
            RandomStream rng = RandomStream.of(1);
            for (int step = 0; step < 20; step++) {
                calls.clear();
                EstimatorStep s = rebar.estimate(new EstimatorInput(logits, logits, step, true),
                        spy, rng);
                assertEquals(List.of("one-hot 5 PARAMETERS",
                        "dense " + (tune ? 20 : 10) + " INPUT"), calls);
                assertArrayEquals(hardValues[0], s.objective(), 0.0, "objective is f(b)");
            }
        }
    }

    @Test
    void diagnosticsReportEtaAndLambda() {
        GradientEstimator fixed = new RebarEstimatorProvider().create(EstimatorConfig.of(LATENT,
                4).withOptions(Map.of("eta", "0.7", "lambda", "0.3")));
        assertEquals(Map.of("eta", 0.7, "lambda", 0.3), fixed.diagnostics());
        GradientEstimator tuned = new RebarEstimatorProvider().create(EstimatorConfig.of(LATENT,
                4).withOptions(Map.of("eta", "auto", "tune-lambda", "true")));
        assertEquals(Set.of("eta", "lambda", "variance-slope-log-lambda"),
                tuned.diagnostics().keySet());
        assertEquals(0.5, tuned.diagnostics().get("lambda"), 1e-12);
    }
}

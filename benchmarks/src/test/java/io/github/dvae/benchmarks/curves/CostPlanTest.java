package io.github.dvae.benchmarks.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.VaeArchitecture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostPlanTest {

    /** At the seed's 20 x 256 (160 bits), N = round(160 / log2 K) from K = 2 to 1024. */
    @Test
    void theKCurveHoldsNLog2KAtTheBase() {
        double bits = CostPlan.bits(VaeArchitecture.seed().latent());
        assertEquals(160.0, bits, 1e-12);
        int[] expected = {160, 80, 53, 40, 32, 27, 23, 20, 18, 16};
        List<Integer> ks = CostPlan.defaults(CostAxis.K);
        assertEquals(List.of(2, 4, 8, 16, 32, 64, 128, 256, 512, 1024), ks);
        for (int i = 0; i < expected.length; i++) {
            int n = CostPlan.variablesAt(bits, ks.get(i));
            assertEquals(expected[i], n, "K = " + ks.get(i));
            // Rounding keeps every point within half a variable's bits of the base.
            assertTrue(Math.abs(n * Math.log(ks.get(i)) / Math.log(2) - bits)
                    <= 0.5 * Math.log(ks.get(i)) / Math.log(2) + 1e-9);
        }
        assertEquals(1, CostPlan.variablesAt(3, 1024), "never fewer than one variable");
        assertThrows(IllegalArgumentException.class, () -> CostPlan.variablesAt(160, 1));
    }

    @Test
    void pointsVaryOneThingEachAndTheSamplesCurveHoldsOnlyEstimatorsWithSamples() {
        CostPlan plan = new CostPlan(VaeArchitecture.seed(), 128,
                List.of("reinforce:baseline=loo,samples=2", "gumbel-softmax"),
                Map.of(CostAxis.K, List.of(2, 1024), CostAxis.N, List.of(5),
                        CostAxis.SAMPLES, List.of(4), CostAxis.BATCH, List.of(16)));
        List<CostPoint> points = plan.points();
        // In CostAxis order, then estimator, then x; gumbel-softmax has no samples option.
        assertEquals(List.of(
                new CostPoint(CostAxis.BATCH, "reinforce:baseline=loo,samples=2",
                        "reinforce:baseline=loo,samples=2", 16, "784-400-(20x256)-400-784", 16),
                new CostPoint(CostAxis.BATCH, "gumbel-softmax", "gumbel-softmax", 16,
                        "784-400-(20x256)-400-784", 16),
                new CostPoint(CostAxis.K, "reinforce:baseline=loo,samples=2",
                        "reinforce:baseline=loo,samples=2", 2, "784-400-(160x2)-400-784", 128),
                new CostPoint(CostAxis.K, "reinforce:baseline=loo,samples=2",
                        "reinforce:baseline=loo,samples=2", 1024, "784-400-(16x1024)-400-784",
                        128),
                new CostPoint(CostAxis.K, "gumbel-softmax", "gumbel-softmax", 2,
                        "784-400-(160x2)-400-784", 128),
                new CostPoint(CostAxis.K, "gumbel-softmax", "gumbel-softmax", 1024,
                        "784-400-(16x1024)-400-784", 128),
                new CostPoint(CostAxis.N, "reinforce:baseline=loo,samples=2",
                        "reinforce:baseline=loo,samples=2", 5, "784-400-(5x256)-400-784", 128),
                new CostPoint(CostAxis.N, "gumbel-softmax", "gumbel-softmax", 5,
                        "784-400-(5x256)-400-784", 128),
                new CostPoint(CostAxis.SAMPLES, "reinforce:baseline=loo,samples=2",
                        "reinforce:baseline=loo,samples=4", 4, "784-400-(20x256)-400-784", 128)),
                points);
    }

    @Test
    void aBernoulliBaseCountsOneBitPerUnit() {
        VaeArchitecture base = VaeArchitecture.parse("784-200-(200b)-200-784");
        assertEquals(200.0, CostPlan.bits(base.latent()), 1e-12);
        CostPlan plan = new CostPlan(base, 50, List.of("reinforce"),
                Map.of(CostAxis.K, List.of(4), CostAxis.N, List.of(10)));
        assertEquals(List.of("784-200-(100x4)-200-784", "784-200-(10b)-200-784"),
                plan.points().stream().map(CostPoint::architecture).toList());
        assertEquals(LatentSpec.categorical(100, 4),
                VaeArchitecture.parse(plan.points().get(0).architecture()).latent());
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CostPlan(
                VaeArchitecture.seed(), 128, List.of("reinforce"),
                Map.of(CostAxis.K, List.of(1))));
        assertTrue(e.getMessage().contains("k values must be >= 2, got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CostAxis.parse("width"));
        assertEquals("curve 'width' is not one of batch, k, n, samples", e.getMessage());
    }
}

package io.github.dvae.estimators.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.model.VaeArchitecture;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link EstimatorTable} at a small M, on a small problem of each kind (16 and 9
 * configurations): a row for every estimator variant with a discrete posterior serving the
 * kind; every unbiased row's relative error within three times its noise floor (the
 * root-mean-square error of an unbiased mean of M); every biased row's above its noise floor
 * (its bias is detected); DisARM's variance at most ARM's (a Rao-Blackwellisation); decoder
 * evaluations as declared where they are fixed.
 */
class EstimatorTableTest {

    private static final EstimatorTable.Settings QUICK = new EstimatorTable.Settings(120, 20, 30);

    @Test
    void bernoulliProblem() {
        Map<String, EstimatorTable.Row> rows = check("784-8-(4b)-8-784");
        assertTrue(rows.get("disarm").log10Variance() <= rows.get("arm").log10Variance(),
                "DisARM is a Rao-Blackwellisation of ARM");
        assertEquals(2, rows.get("arm").evaluations());
        assertEquals(3, rows.get("rebar").evaluations(), "1 hard and 2 relaxed");
    }

    @Test
    void categoricalProblem() {
        Map<String, EstimatorTable.Row> rows = check("784-8-(2x3)-8-784");
        assertEquals(1 + 2 * 2, rows.get("indecater:samples=1").evaluations());
        assertEquals(3, rows.get("rebar").evaluations());
    }

    private static Map<String, EstimatorTable.Row> check(String architecture) {
        List<EstimatorTable.Row> rows = EstimatorTable.measure(architecture, QUICK);
        System.out.println(EstimatorTable.markdown(architecture, QUICK, rows));
        VaeArchitecture a = VaeArchitecture.parse(architecture);
        assertEquals(EstimatorTable.estimators(a.latent(), a.dataWidth()).stream()
                .map(Object::toString)
                .collect(Collectors.toList()), rows.stream().map(EstimatorTable.Row::estimator)
                .collect(Collectors.toList()), "a row for every variant");
        for (EstimatorTable.Row r : rows) {
            assertTrue(Double.isFinite(r.log10Variance()) && r.noiseFloor() > 0, r::toString);
            if (r.unbiased()) {
                assertTrue(r.relativeError() <= 3 * r.noiseFloor(),
                        () -> "unbiased, yet its mean is off by more than noise explains: " + r);
            } else {
                assertTrue(r.relativeError() > r.noiseFloor(),
                        () -> "declared biased, but no bias detected: " + r);
            }
        }
        return rows.stream().collect(Collectors.toMap(EstimatorTable.Row::estimator,
                Function.identity()));
    }
}

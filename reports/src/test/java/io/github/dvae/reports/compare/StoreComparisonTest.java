package io.github.dvae.reports.compare;

import static io.github.dvae.reports.store.StoreFixtures.completeRun;
import static io.github.dvae.reports.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.ResultsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreComparisonTest {

    @TempDir
    Path dir;

    /** Three seeds of {@code label} whose final test ELBOs are {@code first}, -2, -4. */
    private static void seeds(ResultsStore store, String label, double first)
            throws IOException {
        for (int seed = 1; seed <= 3; seed++) {
            completeRun(store, config(label, label, Map.of(), seed, 2), first - 2 * (seed - 1));
        }
    }

    @Test
    void aSignificantlyWorseConfigurationIsARegressionAndNewAndMissingOnesAreListed()
            throws IOException {
        ResultsStore base = ResultsStore.at(dir.resolve("base"));
        seeds(base, "gumbel-softmax", -100);
        seeds(base, "reinforce", -120);
        seeds(base, "straight-through", -110);
        ResultsStore candidate = ResultsStore.at(dir.resolve("new"));
        seeds(candidate, "gumbel-softmax", -100);
        seeds(candidate, "reinforce", -130);
        seeds(candidate, "rebar", -115);

        StoreComparison c = StoreComparison.of(base, candidate);

        assertEquals(List.of("rebar"), c.added());
        assertEquals(List.of("straight-through"), c.missing());
        assertEquals(List.of("gumbel-softmax", "reinforce"), c.compared().stream()
                .map(ConfigurationDelta::label).toList());
        MetricDelta same = c.compared().get(0).metric("test-elbo").orElseThrow();
        assertEquals(0.0, same.difference());
        assertEquals(1.0, same.test().orElseThrow().pValue(), 1e-12, "identical seeds");
        assertFalse(c.compared().get(0).regressed());
        MetricDelta worse = c.compared().get(1).metric("test-elbo").orElseThrow();
        // -10 with equal spread (s = 2, n = 3) on both sides: t = -10 / sqrt(8/3), df = 4.
        assertEquals(-10.0, worse.difference(), 1e-12);
        double t = 10 / Math.sqrt(8.0 / 3);
        double p = 2 * (1 - new org.apache.commons.math3.distribution.TDistribution(null, 4)
                .cumulativeProbability(t));
        assertEquals(p, worse.test().orElseThrow().pValue(), 1e-9);
        assertTrue(worse.regression());
        assertTrue(c.compared().get(1).regressed());
        assertTrue(c.regressed());

        String md = c.markdown();
        assertTrue(md.contains("2 configuration(s) compared, 1 new, 1 missing; **1 with a "
                + "significant regression**"), md);
        assertTrue(md.contains("| reinforce | -122.00 | -132.00 | -10.00 ["), md);
        assertTrue(md.contains("**regression**"), md);
        assertTrue(md.contains("New configurations: rebar"), md);
        assertTrue(md.contains("Missing configurations: straight-through"), md);

        Path index = c.writeReport(dir.resolve("compare"));
        String html = Files.readString(index);
        assertTrue(html.contains("<h2>reinforce (regression)</h2>"), html);
        assertTrue(html.contains("class=\"worse\""));
        assertEquals(md, Files.readString(dir.resolve("compare/comparison.md")));
        assertTrue(Files.readString(dir.resolve("compare/comparison.csv"))
                .contains("reinforce,test-elbo,-122.0,3,-132.0,3,-10.0,"));
    }

    @Test
    void aBetterOrUnchangedStoreIsNoRegressionAndChangedSettingsAreNamed() throws IOException {
        ResultsStore base = ResultsStore.at(dir.resolve("base"));
        seeds(base, "reinforce", -120);
        ResultsStore candidate = ResultsStore.at(dir.resolve("new"));
        for (int seed = 1; seed <= 3; seed++) {
            completeRun(candidate, config("reinforce", "reinforce", Map.of(), seed, 3),
                    -110 - 2 * (seed - 1));
        }
        StoreComparison c = StoreComparison.of(base, candidate);
        assertFalse(c.regressed());
        ConfigurationDelta d = c.compared().get(0);
        assertTrue(d.metric("test-elbo").orElseThrow().improvement());
        assertEquals(List.of("epochs: 2 -> 3"), d.settingChanges());
        assertTrue(c.markdown().contains("settings differ (epochs: 2 -> 3)"), c.markdown());
    }
}

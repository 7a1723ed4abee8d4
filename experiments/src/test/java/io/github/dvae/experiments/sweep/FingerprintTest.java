package io.github.dvae.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.RunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spellings of one configuration give one fingerprint and one run id; the BLAS thread count,
 * which changes results, gives another.
 */
class FingerprintTest {

    @TempDir
    Path dir;

    private RunConfig only(String estimator) {
        List<RunConfig> runs = SweepPlan.prepare(SweepFixtures.tiny(List.of(estimator),
                List.of(1L), dir)).runs();
        assertEquals(1, runs.size());
        return runs.get(0);
    }

    @Test
    void valuesAreWrittenOneWayBeforeFingerprinting() {
        RunConfig a = only("gumbel-softmax:tau=0.5");
        RunConfig b = only("gumbel-softmax:tau=0.50");
        RunConfig c = only("gumbel-softmax:tau=5e-1");
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.runId(), b.runId(), "one label, one run id");
        assertEquals(a.runId(), c.runId());
        assertEquals("gumbel-softmax:tau=0.5", b.label());
        assertEquals(only("reinforce:samples=4,baseline=loo").runId(),
                only("reinforce:samples=04,baseline=loo").runId());
        assertNotEquals(a.fingerprint(), only("gumbel-softmax:tau=0.25").fingerprint());
    }

    @Test
    void defaultsWrittenOutOrNotGiveOneFingerprint() {
        RunConfig plain = only("reinforce");
        RunConfig written = only("reinforce:baseline=none,samples=1");
        assertEquals(plain.fingerprint(), written.fingerprint());
        assertEquals(plain.options(), written.options());
        assertEquals(only("gumbel-softmax").fingerprint(),
                only("gumbel-softmax:tau=0.5,anneal-rate=0.0,tau-min=0.50").fingerprint(),
                "the sweep's tau 0.5, given or expanded");
    }

    @Test
    void theBlasThreadCountIsPartOfTheRun() {
        SweepPlan plan = SweepPlan.prepare(SweepFixtures.tiny(List.of("reinforce"), List.of(1L),
                dir));
        RunConfig one = plan.withBlasThreads(1).runs().get(0);
        RunConfig two = plan.withBlasThreads(2).runs().get(0);
        assertEquals(1, one.get(TrainingSettings.BLAS_THREADS));
        assertNotEquals(one.fingerprint(), two.fingerprint());
        assertNotEquals(one.runId(), two.runId());
        assertEquals(plan.runs().get(0).fingerprint(), plan.runs().get(0)
                .with(TrainingSettings.BLAS_THREADS, 0).fingerprint(),
                "0 (unknown, older stores) is left out of the digest");
    }
}

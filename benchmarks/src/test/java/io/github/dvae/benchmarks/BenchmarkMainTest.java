package io.github.dvae.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.Estimators;
import io.github.dvae.core.latent.LatentKind;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class BenchmarkMainTest {

    /**
     * On the default (categorical) architectures, every discovered provider that declares the
     * categorical kind except {@code exact}, which cannot enumerate 10^20 configurations; on a
     * Bernoulli one, every provider declaring Bernoulli, ARM and DisARM among them.
     */
    @Test
    void estimatorsAreEveryProviderServingTheArchitectures() {
        List<EstimatorProvider> all = Estimators.discover();
        assertTrue(all.size() >= 15, "providers on the test class path: " + all.size());
        List<String> categorical = all.stream()
                .filter(p -> p.latentKinds().contains(LatentKind.CATEGORICAL))
                .map(EstimatorProvider::id).filter(id -> !id.equals("exact"))
                .collect(Collectors.toList());
        assertEquals(categorical, BenchmarkMain.servingEvery(BenchmarkMain.DEFAULT_ARCHITECTURES));
        List<String> bernoulli = BenchmarkMain.servingEvery(List.of("784-400-(200b)-400-784"));
        assertEquals(all.stream().filter(p -> p.latentKinds().contains(LatentKind.BERNOULLI))
                .map(EstimatorProvider::id).filter(id -> !id.equals("exact"))
                .collect(Collectors.toList()), bernoulli);
        assertTrue(bernoulli.containsAll(List.of("arm", "disarm", "reinforce")),
                bernoulli::toString);
    }

    @Test
    void commandLinesAddTheListUnlessTheyNameEstimators() {
        String[] named = {"TrainingStep", "-p", "estimator=reinforce,relax"};
        assertArrayEquals(named, BenchmarkMain.withEstimators(named));
        String[] args = {"TrainingStep", "-p", "architecture=784-32-(8b)-32-784", "-f", "1"};
        String[] out = BenchmarkMain.withEstimators(args);
        assertEquals(args.length + 2, out.length);
        assertEquals("-p", out[args.length]);
        assertEquals("estimator=" + String.join(",",
                BenchmarkMain.servingEvery(List.of("784-32-(8b)-32-784"))), out[args.length + 1]);
        assertTrue(out[args.length + 1].contains("exact"), "256 configurations are enumerable");
    }

    /** No stale list can hide a plug-in: the parameters' values come from the main alone. */
    @Test
    void estimatorParametersCarryNoListOfTheirOwn() throws Exception {
        for (Class<?> c : List.of(TrainingStepBenchmark.class, GradientProbeBenchmark.class)) {
            assertEquals(0, c.getField("estimator").getAnnotation(Param.class).value().length,
                    c.getSimpleName());
        }
    }
}

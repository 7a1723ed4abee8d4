package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.VectorApiHint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The child JVM runs the same exp/log path as this one (see {@link ChildRunner}). */
class ChildRunnerTest {

    @Test
    void theChildGetsTheModuleExactlyWhenThisJvmHasIt() {
        List<String> with = ChildRunner.command(List.of(), "cp", List.of("-Dx=1"),
                List.of("--version"), true);
        assertTrue(with.contains(VectorApiHint.JVM_OPTION), with.toString());
        assertTrue(with.indexOf(VectorApiHint.JVM_OPTION) < with.indexOf("-cp"),
                "a JVM option, before the class path: " + with);
        List<String> without = ChildRunner.command(List.of(), "cp", List.of("-Dx=1"),
                List.of("--version"), false);
        assertFalse(without.stream().anyMatch(a -> a.contains("jdk.incubator.vector")),
                without.toString());
        assertEquals(List.of("-Dx=1", "-cp", "cp", "io.github.dvae.experiments.Main",
                "--version"), without.subList(without.size() - 5, without.size()));
    }

    /** This module's surefire argLine adds the module, as .mvn/jvm.config does for exec:java. */
    @Test
    void testsRunTheDefaultPath() {
        assertTrue(ArrayExpLog.vectorised(), "experiments' surefire argLine adds the module");
    }
}

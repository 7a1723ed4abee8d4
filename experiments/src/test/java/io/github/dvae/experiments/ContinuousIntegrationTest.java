package io.github.dvae.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflow cannot run on the project's machines, so {@code .ci/run} proves it: the
 * workflow's {@code run:} steps after its set-up must be {@code .ci/run}'s commands, the same and
 * in the same order.
 */
class ContinuousIntegrationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theWorkflowRunsExactlyTheCommandsOfTheLocalCi() throws IOException {
        List<String> local = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("set ")
                        && !l.startsWith("cd "))
                .toList();
        List<String> workflow = Files.readAllLines(ROOT.resolve(".github/workflows/ci.yml"))
                .stream().map(String::strip).filter(l -> l.startsWith("run: "))
                .map(l -> l.substring("run: ".length())).toList();
        assertTrue(local.size() >= 4, "commands of .ci/run: " + local);
        // The workflow first installs what its bare container lacks to check the code out.
        assertEquals(local, workflow.subList(workflow.size() - local.size(), workflow.size()),
                "the workflow's last steps are .ci/run's commands");
        assertEquals(1, workflow.size() - local.size(), "one set-up step before them: "
                + workflow);
    }
}

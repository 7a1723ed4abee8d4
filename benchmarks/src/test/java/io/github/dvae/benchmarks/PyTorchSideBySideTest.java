package io.github.dvae.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.benchmarks.curves.PyTorchReference;
import io.github.dvae.core.tensor.VectorApiHint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's plan and its refusals; no process is started. */
class PyTorchSideBySideTest {

    @TempDir
    Path dir;

    private PyTorchSideBySide parsed(String... args) throws IOException {
        Path script = Files.writeString(dir.resolve("pytorch_reference.py"), "");
        List<String> all = new ArrayList<>(List.of("--script", script.toString()));
        all.addAll(List.of(args));
        return withoutScript(all.toArray(String[]::new));
    }

    /** The command with images and Python, and {@code --script} only if {@code args} has it. */
    private PyTorchSideBySide withoutScript(String... args) throws IOException {
        Path images = Files.writeString(dir.resolve("images.idx"), "not read by the plan");
        Path python = Files.writeString(dir.resolve("python"), "");
        python.toFile().setExecutable(true);
        List<String> all = new ArrayList<>(List.of("--images", images.toString(), "--python",
                python.toString()));
        all.addAll(List.of(args));
        PyTorchSideBySide command = new PyTorchSideBySide();
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    private static String after(List<String> command, String flag) {
        return command.get(command.indexOf(flag) + 1);
    }

    @Test
    void bothSidesRunThePresetsJobAndPyTorchLosesTheCoreTypeVariables() throws IOException {
        PyTorchSideBySide.Plan plan = parsed("--architecture", "disarm-nonlinear",
                "--estimator", "reinforce-loo", "--steps", "30", "--harness-env",
                "OPENBLAS_CORETYPE=SkylakeX").plan(dir, Map.of("OPENBLAS_CORETYPE", "Haswell",
                        "OPENBLAS_L2_SIZE", "512", "OPENBLAS_NUM_THREADS", "2", "HOME", "/h"));
        List<String> harness = plan.harness().command();
        assertEquals(List.of(VectorApiHint.JVM_OPTION, "-cp"), harness.subList(1, 3),
                "core's Vector API exp/log by default, as exec:java runs");
        assertEquals(TrainingThroughput.class.getName(), harness.get(4));
        assertEquals("disarm-nonlinear", after(harness, "--architecture"));
        assertEquals("reinforce:baseline=loo,samples=2", after(harness, "--estimator"));
        assertEquals("50", after(harness, "--batch"));
        assertEquals("1.0E-4", after(harness, "--lr"));
        assertEquals("30", after(harness, "--steps"));
        assertEquals("OPENBLAS_CORETYPE=SkylakeX OPENBLAS_L2_SIZE=512 OPENBLAS_NUM_THREADS=2",
                plan.harness().openBlas());

        assertEquals(1, plan.pytorch().size());
        List<String> script = plan.pytorch().get(0).command();
        assertEquals("bernoulli", after(script, "--latent"));
        assertEquals("2", after(script, "--samples"));
        assertEquals("50", after(script, "--batch"));
        assertEquals("30", after(script, "--steps"));
        assertEquals("10", after(script, "--warmup"));
        assertFalse(script.contains("--gather"));
        assertEquals("OPENBLAS_NUM_THREADS=2", plan.pytorch().get(0).openBlas());
        assertEquals("/h", plan.pytorch().get(0).environment().get("HOME"));
    }

    /** --harness-jvm replaces the default JVM options; '' leaves none. */
    @Test
    void theHarnessJvmOptionsAreTheUsersWhenGiven() throws IOException {
        String[] job = {"--architecture", "disarm-linear", "--estimator", "gumbel-softmax"};
        List<String> none = parsed(concat(job, "--harness-jvm", "")).plan(dir, Map.of())
                .harness().command();
        assertEquals("-cp", none.get(1));
        List<String> two = parsed(concat(job, "--harness-jvm", " -Xmx3g  -XX:+UseParallelGC"))
                .plan(dir, Map.of()).harness().command();
        assertEquals(List.of("-Xmx3g", "-XX:+UseParallelGC", "-cp"), two.subList(1, 4));
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void disarmLinearRunsTheScriptWithoutHiddenLayers() throws IOException {
        PyTorchSideBySide.Plan plan = parsed("--architecture", "disarm-linear", "--estimator",
                "gumbel-softmax").plan(dir, Map.of());
        assertEquals("disarm-linear", after(plan.harness().command(), "--architecture"));
        List<String> script = plan.pytorch().get(0).command();
        assertEquals("0", after(script, "--hidden"));
        assertEquals("gumbel", after(script, "--estimator"));
    }

    /** Without --script: the repository's script under the working directory, else the variable. */
    @Test
    void theDefaultScriptIsTheRepositorysElseTheVariableElseAOneLineError() throws IOException {
        String[] args = {"--architecture", "disarm-linear", "--estimator", "reinforce"};
        Map<String, String> named = Map.of(PyTorchReference.SCRIPT_VARIABLE, "/y/named.py");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> withoutScript(args).plan(dir, Map.of()));
        assertTrue(none.getMessage().startsWith("--script is missing"), none.getMessage());
        // The variable's file must exist; the plan checks it like --script.
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> withoutScript(args).plan(dir, named));
        assertTrue(missing.getMessage().contains("/y/named.py"), missing.getMessage());

        Path inRepository = dir.resolve(PyTorchReference.REPOSITORY_SCRIPT);
        Files.createDirectories(inRepository.getParent());
        Files.writeString(inRepository, "");
        List<String> script = withoutScript(args).plan(dir, named).pytorch().get(0).command();
        assertEquals(inRepository.toString(), script.get(1));
    }

    @Test
    void categoricalReinforceRunsTheGatherFormAndBothWithPyTorchBest() throws IOException {
        PyTorchSideBySide.Plan gather = parsed("--architecture", "seed", "--estimator",
                "reinforce", "--batch", "128").plan(dir, Map.of());
        assertEquals(List.of("gather"), gather.pytorch().stream()
                .map(PyTorchSideBySide.Side::name).toList());
        assertTrue(gather.pytorch().get(0).command().contains("--gather"));
        PyTorchSideBySide.Plan best = parsed("--architecture", "seed", "--estimator",
                "reinforce", "--pytorch-best", "--pytorch-unset", "").plan(dir,
                        Map.of("OPENBLAS_CORETYPE", "Haswell"));
        assertEquals(List.of("dense", "gather"), best.pytorch().stream()
                .map(PyTorchSideBySide.Side::name).toList());
        assertEquals("OPENBLAS_CORETYPE=Haswell", best.pytorch().get(1).openBlas());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path images = Files.writeString(dir.resolve("i.idx"), "");
        String[][] bad = {
            {"--estimator", "reinforce", "--images", images.toString()},
            {"--architecture", "nope", "--estimator", "reinforce", "--images", images.toString(),
                "--script", images.toString()},
            {"--architecture", "disarm-linear", "--estimator", "rebar", "--images",
                images.toString(), "--script", images.toString()},
            {"--architecture", "seed", "--estimator", "rebar", "--images", images.toString(),
                "--script", images.toString()},
            {"--architecture", "seed", "--estimator", "reinforce", "--images",
                dir.resolve("missing").toString(), "--script", images.toString()},
            {"--architecture", "seed", "--estimator", "reinforce", "--images", images.toString(),
                "--script", dir.resolve("missing.py").toString()},
            {"--architecture", "seed", "--estimator", "reinforce", "--images", images.toString(),
                "--script", images.toString(), "--pairs", "0"},
            {"--architecture", "seed", "--estimator", "reinforce", "--images", images.toString(),
                "--script", images.toString(), "--harness-env", "1X=2"},
        };
        for (String[] args : bad) {
            CommandLine cli = PyTorchSideBySide.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, cli.execute(args), String.join(" ", args) + ": " + err);
            String message = err.toString().strip();
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.startsWith("error: "), message);
        }
    }
}

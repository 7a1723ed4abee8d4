package io.github.dvae.experiments.concurrency;

import io.github.dvae.core.tensor.ArrayExpLog;
import io.github.dvae.core.tensor.OpenBlasCoreType;
import io.github.dvae.core.tensor.VectorApiHint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The runner's main class in a child JVM on this test's class path: a real second process, with
 * its own PID, file locks and signals. Standard output and error go to files beside the store,
 * read while the child runs. The child has the Vector API module exactly when this JVM has it:
 * {@code ArrayExpLog}'s two paths agree only to about 1e-10, and children's results are compared
 * bit for bit with in-process runs.
 */
final class ChildRunner {

    /** What the JVM itself prints to standard error when started with the module. */
    static final String INCUBATOR_WARNING =
            "WARNING: Using incubator modules: jdk.incubator.vector";

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildRunner(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code dvae args...} in a new JVM; its output goes to {@code logs/name.out/err}. */
    static ChildRunner start(Path logs, String name, List<String> args) throws IOException {
        return start(logs, name, List.of(), args);
    }

    /** The same, the command prefixed by {@code wrapper} (e.g. to run as another user). */
    static ChildRunner start(Path logs, String name, List<String> wrapper, List<String> args)
            throws IOException {
        return start(logs, name, wrapper, classPath(), List.of(), args);
    }

    static ChildRunner start(Path logs, String name, List<String> wrapper, String classPath,
            List<String> jvmOptions, List<String> args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = command(wrapper, classPath, jvmOptions, args,
                ArrayExpLog.vectorised());
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new File("/dev/null")));
        builder.environment().put("OPENBLAS_THREAD_TIMEOUT", "4");
        // The runner's main picks SkylakeX kernels on an AVX-512 CPU when the variable is unset;
        // this JVM loaded OpenBLAS without that choice. Different kernels sum in a different
        // order, so the child is given this JVM's kernels: results compared bit for bit with an
        // in-process run must come from the same sgemm.
        OpenBlasCoreType.loadedCoreName().ifPresent(kernels -> builder.environment()
                .put(OpenBlasCoreType.VARIABLE, kernels));
        return new ChildRunner(builder.start(), out, err);
    }

    /** The child's command line; {@code vectorised}: whether to add the Vector API module. */
    static List<String> command(List<String> wrapper, String classPath, List<String> jvmOptions,
            List<String> args, boolean vectorised) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (vectorised) {
            command.add(VectorApiHint.JVM_OPTION);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add("io.github.dvae.experiments.Main");
        command.addAll(args);
        return command;
    }

    /** This test JVM's class path as entries (surefire may hand it over in a manifest jar). */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire
                : System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    String out() {
        return read(out);
    }

    /** Standard error without the JVM's own incubator warning: what the runner wrote. */
    String err() {
        return read(err).lines().filter(l -> !l.equals(INCUBATOR_WARNING))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until standard output holds {@code text}; false if the child ended or time ran out. */
    boolean awaitOutput(String text, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (out().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return out().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits for the child to end and returns its exit code; kills it if it takes too long. */
    int await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the child did not end within " + timeoutSeconds + " s:\n"
                    + out() + err());
        }
        return process.exitValue();
    }

    /** Sends the child {@code signal} ({@code INT}, {@code KILL}) as a shell's kill would. */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO()
                .start().waitFor();
    }
}

package io.github.dvae.experiments.environment;

import io.github.dvae.core.tensor.CpuInfo;
import io.github.dvae.core.tensor.OpenBlasCoreType;
import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.reports.store.RunEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the facts a run records about its machine: JDK, OS, CPU, cores, ND4J's backend and BLAS,
 * the environment variables that change BLAS performance, and the git commit of the working
 * directory. The slow facts (git, {@code /proc/cpuinfo}) are read once per capture; a run then
 * stamps its own start time with {@link #at(Instant, int, int)}.
 */
public final class EnvironmentCapture {

    /** Environment variables that change numerical performance, recorded when set. */
    static final List<String> VARIABLES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
            "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS");

    private final String cpuModel;
    private final String gitCommit;
    private final String version;

    private EnvironmentCapture(String cpuModel, String gitCommit, String version) {
        this.cpuModel = cpuModel;
        this.gitCommit = gitCommit;
        this.version = version;
    }

    /** Reads the slow facts now. */
    public static EnvironmentCapture read() {
        return new EnvironmentCapture(cpuModel(), gitCommit(Path.of("").toAbsolutePath()),
                version());
    }

    /** The environment of a run started at {@code start}. */
    public RunEnvironment at(Instant start, int blasThreads, int parallelRuns) {
        Runtime rt = Runtime.getRuntime();
        Map<String, String> vars = new TreeMap<>();
        for (String v : VARIABLES) {
            String value = System.getenv(v);
            if (value != null) {
                vars.put(v, value);
            }
        }
        if (OpenBlasThreads.effectiveValue() != null) {
            vars.put(OpenBlasThreads.VARIABLE, OpenBlasThreads.effectiveValue());
        }
        // Set by OpenBlasCoreType.configure() where the CPU has AVX-512 (getenv cannot see it):
        // which kernels ran.
        if (OpenBlasCoreType.effectiveValue() != null) {
            vars.put(OpenBlasCoreType.VARIABLE, OpenBlasCoreType.effectiveValue());
        }
        return new RunEnvironment(start.toString(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                cpuModel, rt.availableProcessors(), rt.maxMemory() / (1024 * 1024),
                Nd4j.getBackend().getClass().getSimpleName(),
                String.valueOf(Nd4j.factory().blas().getBlasVendor()), blasThreads,
                parallelRuns, vars, gitCommit, version);
    }

    /** The runner's version, from the build. */
    public static String version() {
        try (InputStream in = EnvironmentCapture.class.getResourceAsStream(
                "/io/github/dvae/experiments/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return CpuInfo.modelName().orElseGet(() -> {
            String id = System.getenv("PROCESSOR_IDENTIFIER");
            return id != null ? id : System.getProperty("os.arch");
        });
    }

    /**
     * {@code git rev-parse HEAD} in {@code dir}, with {@code -dirty} if tracked files changed;
     * empty when git or a repository is missing.
     */
    static String gitCommit(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "";
        }
        String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
        return changes.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return "";
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}

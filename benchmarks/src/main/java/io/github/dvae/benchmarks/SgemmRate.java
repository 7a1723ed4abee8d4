package io.github.dvae.benchmarks;

import io.github.dvae.benchmarks.sgemm.GemmRate;
import io.github.dvae.benchmarks.sgemm.GemmShape;
import io.github.dvae.benchmarks.sgemm.StepFlops;
import io.github.dvae.core.model.VaeArchitecture;
import io.github.dvae.core.tensor.CpuInfo;
import io.github.dvae.core.tensor.MatrixProduct;
import io.github.dvae.core.tensor.OpenBlasCoreType;
import io.github.dvae.core.tensor.OpenBlasThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures sgemm through {@code Nd4j.gemm} into preallocated arrays at 1 and 2 (or the given)
 * OpenBLAS threads and prints a table with the CPU model and OpenBLAS's variables: the rate a
 * throughput is compared with ({@link StepFlops}), and the measurements behind
 * {@link MatrixProduct#SINGLE_THREAD_FLOPS}. By default it measures every product of a training
 * step of the presets at the papers' batches and of the seed architecture, in all three
 * orientations of a dense layer.
 */
@Command(name = "sgemm-rate", mixinStandardHelpOptions = true,
        description = "sgemm GFLOP/s through ND4J at 1 and 2 OpenBLAS threads.")
public final class SgemmRate implements Callable<Integer> {

    /** The presets' training shapes: architecture and batch of the papers' protocols. */
    static final Map<String, Integer> DEFAULT_STEPS = defaultSteps();

    @Option(names = "--shape", description = "product MxKxN (C = M x N, inner K), repeatable; "
            + "default: every product of a step of disarm-linear and disarm-nonlinear at batch "
            + "50, categorical-nonlinear 200, jang 100, seed 128")
    private List<String> shapes = new ArrayList<>();

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "OpenBLAS thread counts (default: ${DEFAULT-VALUE})")
    private List<Integer> threads;

    @Option(names = "--csv", description = "also write the measurements to this CSV file")
    private Path csv;

    private static Map<String, Integer> defaultSteps() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("disarm-linear", 50);
        m.put("disarm-nonlinear", 50);
        m.put("categorical-nonlinear", 200);
        m.put("jang", 100);
        m.put("seed", 128);
        return m;
    }

    /** The products measured by default, each shape and orientation once, first label kept. */
    static List<GemmShape> defaultShapes() {
        Map<String, GemmShape> unique = new LinkedHashMap<>();
        DEFAULT_STEPS.forEach((preset, batch) -> {
            for (GemmShape p : StepFlops.products(VaeArchitecture.parse(preset), batch, 1, true,
                    false)) {
                unique.putIfAbsent(p.dimensions() + p.orientation(), new GemmShape(
                        preset + " b" + batch + " " + p.label(), p.m(), p.k(), p.n(),
                        p.orientation()));
            }
        });
        return List.copyOf(unique.values());
    }

    @Override
    public Integer call() throws IOException {
        List<GemmShape> measured = new ArrayList<>();
        for (String s : shapes) {
            measured.add(GemmShape.parse(s));
        }
        if (measured.isEmpty()) {
            measured.addAll(defaultShapes());
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + t);
            }
        }
        String cpu = CpuInfo.modelName().orElse(System.getProperty("os.arch"));
        String coreType = String.valueOf(OpenBlasCoreType.effectiveValue());
        String kernels = OpenBlasCoreType.loadedCoreName().orElse("unknown");
        System.out.printf(Locale.ROOT, "cpu: %s, %d cores%n", cpu,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s "
                + "OPENBLAS_THREAD_TIMEOUT=%s; OpenBLAS runs its %s kernels%n", coreType,
                System.getenv("OPENBLAS_L2_SIZE"), OpenBlasThreads.effectiveValue(), kernels);
        System.out.println("wall-clock microseconds per product: median and fastest of 7 rounds");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT,
                "%-44s %-15s %-14s %9s", "product", "orientation", "MxKxN", "MFLOP"));
        for (int t : threads) {
            head.append(String.format(Locale.ROOT, " %9s %9s %7s", t + "t med", t + "t best",
                    "GFLOP/s"));
        }
        System.out.println(head);
        List<GemmRate> rates = new ArrayList<>();
        for (GemmShape shape : measured) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                    "%-44s %-15s %-14s %9.2f", shape.label(), shape.orientation(),
                    shape.dimensions(), shape.flops() / 1e6));
            for (int t : threads) {
                GemmRate r = GemmRate.measure(shape, t);
                rates.add(r);
                row.append(String.format(Locale.ROOT, " %9.1f %9.1f %7.1f", r.medianMicros(),
                        r.bestMicros(), r.bestGflops()));
            }
            System.out.println(row);
        }
        if (csv != null) {
            write(csv, rates, cpu, kernels);
        }
        return 0;
    }

    private static void write(Path file, List<GemmRate> rates, String cpu, String kernels)
            throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file,
                StandardCharsets.UTF_8))) {
            out.println("label,orientation,m,k,n,flops,threads,median_us,best_us,median_gflops,"
                    + "best_gflops,cpu,openblas_kernels");
            for (GemmRate r : rates) {
                GemmShape s = r.shape();
                out.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d,%.2f,%.2f,%.3f,%.3f,\"%s\",%s%n",
                        s.label(), s.orientation(), s.m(), s.k(), s.n(), s.flops(), r.threads(),
                        r.medianMicros(), r.bestMicros(), r.medianGflops(), r.bestGflops(),
                        cpu.replace("\"", "'"), kernels);
            }
        }
    }

    public static void main(String[] args) {
        OpenBlasThreads.configure();
        CommandLine cli = new CommandLine(new SgemmRate());
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof IllegalArgumentException) {
                c.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}

package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output path that cannot be written and every size that cannot fit is refused before any
 * training, as the other bad values are ({@link BadValuesTest}): one line on standard error
 * naming the path or the figure and the limit, exit code 2, nothing printed on standard output
 * (where the sweep's first line would be), no run directory made. {@code DIR} in an argument is
 * this test's temporary directory, which holds a regular file {@code file}, a store whose
 * {@code runs} is a file, one whose {@code report} is a file, and an IDX data set without test
 * images.
 */
class BadPathsAndSizesTest {

    @TempDir
    static Path dir;

    /** What a tiny sweep needs so that only the value under test can be wrong. */
    private static final String TINY = "-e reinforce --seeds 1 --epochs 1 --train-limit 100 "
            + "--test-limit 50 --probe-every 0 --images 2";

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // The sweep's --output.
                Arguments.of(TINY + " -o DIR/file", "--output DIR/file: DIR/file is a file, not a "
                        + "directory"),
                Arguments.of(TINY + " -o DIR/file/store", "--output DIR/file/store: DIR/file is a "
                        + "file, so nothing can be created under it"),
                Arguments.of(TINY + " -o /proc/dvae-store", "--output /proc/dvae-store: cannot "
                        + "write in /proc/dvae-store"),
                Arguments.of(TINY + " -o /proc/self/status/store", "/proc/self/status is a "
                        + "file, so nothing can be created under it"),
                Arguments.of(TINY + " -o DIR/runs-is-a-file", "--output DIR/runs-is-a-file: "
                        + "DIR/runs-is-a-file/runs is a file, not a directory"),
                Arguments.of(TINY + " -o DIR/report-is-a-file", "--output "
                        + "DIR/report-is-a-file: DIR/report-is-a-file/report is a file, not a "
                        + "directory"),
                Arguments.of("sweep " + TINY + " -o DIR/file", "DIR/file is a file"),
                // report -o.
                Arguments.of("report DIR/store -o DIR/file", "--output DIR/file: DIR/file is a "
                        + "file, not a directory"),
                Arguments.of("report DIR/store -o DIR/file/report", "DIR/file is a file, so "
                        + "nothing can be created under it"),
                Arguments.of("report DIR/store -o /proc/dvae-report", "--output "
                        + "/proc/dvae-report: cannot write in /proc/dvae-report"),
                Arguments.of("report DIR/report-is-a-file", "STORE/report "
                        + "DIR/report-is-a-file/report: DIR/report-is-a-file/report is a file"),
                // toy -o.
                Arguments.of("toy --steps 10 --record-every 5 -o DIR/file", "--output DIR/file: "
                        + "DIR/file is a file, not a directory"),
                Arguments.of("toy --steps 10 --record-every 5 -o DIR/file/toy", "DIR/file is a "
                        + "file, so nothing can be created under it"),
                Arguments.of("toy --steps 10 --record-every 5 -o /proc/dvae-toy", "--output "
                        + "/proc/dvae-toy: cannot write in /proc/dvae-toy"),
                Arguments.of("toy --steps 100 --record-every 200 -o DIR/toy",
                        "--record-every 200 exceeds --steps 100: nothing would be recorded"),
                // Sizes.
                Arguments.of(TINY + " -a 784-2000000000-(20x10)-200-784 -o DIR/s1",
                        "a layer of 784 x 2000000000 = 1.57e+12 weights cannot exist"),
                Arguments.of(TINY + " -a 784-1000000-(20x10)-1000000-784 -o DIR/s2",
                        "the sweep needs about 29.4 GB of Java heap (1.97e+09 parameters per run, "
                                + "1 run(s) at once"),
                Arguments.of(TINY + " -a 784-200-(100000x100000)-200-784 -o DIR/s3",
                        "latent space 100000x100000 has 10000000000 units per example, more "
                                + "than the 2147483639 a layer can have"),
                Arguments.of(TINY + " --blas-threads 100000 -o DIR/s4", "blas-threads must be "
                        + "in 0.." + Runtime.getRuntime().availableProcessors()),
                Arguments.of(TINY + " --iw-samples 2000000000 -o DIR/s5", "the sweep needs about "
                        + "59.6 GB of Java heap (394984 parameters per run, 1 run(s) at once: "
                        + "Adam's state and the bound's log-weights) but this JVM may use"),
                Arguments.of("-e reinforce --seeds 1 --probe-every 0 -d idx:DIR/no-tests "
                        + "--batch-size 2 -a 4-3-(2x2)-3-4 -o DIR/s6", "data set "
                        + "'idx:DIR/no-tests' has no test images; the test ELBO needs at least "
                        + "one"),
                // A sweep file names itself.
                Arguments.of("--sweep-file DIR/epochs-many.json " + TINY + " -o DIR/s7",
                        "sweep file DIR/epochs-many.json: Invalid value for option '--epochs': "
                                + "'many' is not an int"),
                Arguments.of("--sweep-file DIR/epochs-zero.json -o DIR/s8", "sweep file "
                        + "DIR/epochs-zero.json: epochs must be an integer >= 1, got 0"),
                Arguments.of("--sweep-file DIR/tau-negative.json -o DIR/s9", "sweep file "
                        + "DIR/tau-negative.json: Invalid value for option '--tau'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void aBadPathOrSizeGetsOneLineAndExitCode2BeforeAnyTraining(String args, String message)
            throws IOException {
        fixtures();
        List<String> argv = new ArrayList<>();
        for (String a : args.split(" ")) {
            argv.add(a.replace("DIR", dir.toString()));
        }
        CliRun run = CliRun.of(argv.toArray(String[]::new));

        String expected = message.replace("DIR", dir.toString());
        assertEquals(ExitCode.USAGE, run.code(), run.out() + run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "one line:\n" + run.err());
        assertTrue(lines.get(0).startsWith("dvae: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in: "
                + lines.get(0));
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertEquals("", run.out(), "nothing started");
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("config.json")),
                    "no run was started");
        }
    }

    @org.junit.jupiter.api.Test
    void noImagesIsAValidRequestWithFiniteResults(@TempDir Path own) throws IOException {
        Path store = own.resolve("no-images");
        List<String> argv = new ArrayList<>(List.of(TINY.split(" ")));
        argv.set(argv.indexOf("--images") + 1, "0");
        argv.addAll(List.of("-o", store.toString()));
        CliRun run = CliRun.of(argv.toArray(String[]::new));
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        var runs = io.github.dvae.reports.store.ResultsStore.at(store).runs();
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).complete());
        var epochs = runs.get(0).epochs();
        assertTrue(Double.isFinite(epochs.get(epochs.size() - 1).value("test-elbo")), run.out());
        assertTrue(runs.get(0).images() != null, "runs keep their images whatever is shown");
        assertTrue(!java.nio.file.Files.readString(store.resolve("report/index.html"))
                .contains("Reconstructions and samples"), "--images 0 shows none");
    }

    private static void fixtures() throws IOException {
        if (Files.exists(dir.resolve("file"))) {
            return;
        }
        Files.writeString(dir.resolve("file"), "a regular file");
        Files.createDirectories(dir.resolve("runs-is-a-file"));
        Files.writeString(dir.resolve("runs-is-a-file/runs"), "");
        Files.createDirectories(dir.resolve("report-is-a-file/runs"));
        Files.writeString(dir.resolve("report-is-a-file/report"), "");
        Files.createDirectories(dir.resolve("store/runs"));
        Files.writeString(dir.resolve("epochs-many.json"), "{\"epochs\": \"many\"}");
        Files.writeString(dir.resolve("epochs-zero.json"), "{\"epochs\": 0}");
        Files.writeString(dir.resolve("tau-negative.json"), "{\"tau\": [\"cold\"]}");
        Path idx = Files.createDirectories(dir.resolve("no-tests"));
        images(idx.resolve("train-images-idx3-ubyte"), 4);
        labels(idx.resolve("train-labels-idx1-ubyte"), 4);
        images(idx.resolve("t10k-images-idx3-ubyte"), 0);
        labels(idx.resolve("t10k-labels-idx1-ubyte"), 0);
    }

    /** An IDX image file of {@code count} 2 x 2 images. */
    private static void images(Path file, int count) throws IOException {
        try (OutputStream o = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(o)) {
            out.writeInt(0x803);
            out.writeInt(count);
            out.writeInt(2);
            out.writeInt(2);
            for (int i = 0; i < 4 * count; i++) {
                out.writeByte(i % 2 == 0 ? 255 : 0);
            }
        }
    }

    private static void labels(Path file, int count) throws IOException {
        try (OutputStream o = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(o)) {
            out.writeInt(0x801);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        }
    }
}

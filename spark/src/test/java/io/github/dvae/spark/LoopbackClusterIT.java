package io.github.dvae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoreRecords;
import io.github.dvae.reports.store.StoredRun;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on loopback: Spark's {@code Master} and two {@code Worker}s (one core
 * each) as separate JVMs from the spark-core jar's own classes, the quick sweep submitted from
 * this JVM as driver with {@code target/dvae-spark.jar} as the application jar; when the first
 * task runs, one worker's JVM is killed (SIGKILL), and the sweep must still complete with the
 * local numbers, record by record. Runs in {@code verify} (failsafe), after the jar is built.
 */
class LoopbackClusterIT {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @Test
    void theQuickSweepSurvivesAKilledWorkerWithTheLocalNumbers() throws Exception {
        Path jar = Path.of("target", "dvae-spark.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn verify): " + jar);
        Path home = sparkHome();
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        try {
            start("master", List.of("org.apache.spark.deploy.master.Master", "--host",
                    "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"), home);
            Thread.sleep(3000);
            Path work1 = Files.createDirectories(dir.resolve("work1"));
            Process victim = start("worker1", worker(master, work1), home);
            start("worker2", worker(master, Files.createDirectories(dir.resolve("work2"))),
                    home);
            Thread.sleep(3000);

            StringWriter out = new StringWriter();
            int[] exit = new int[1];
            System.setProperty("spark.jars", jar.toString());
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            long t0 = System.nanoTime();
            Thread driver = new Thread(() -> exit[0] = SparkSweepTest.sweep(dir.resolve("cluster"),
                    out, "--engine", "spark", "--master", master));
            driver.start();
            long end = System.currentTimeMillis() + 300_000;
            while (!runningTask(work1) && driver.isAlive() && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            boolean killedDuringTask = runningTask(work1) && driver.isAlive();
            victim.destroyForcibly().waitFor();
            driver.join(600_000);
            double clusterSeconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(killedDuringTask, "worker 1 ran no task before the sweep ended");
            assertEquals(0, exit[0], out.toString());

            StringWriter local = new StringWriter();
            long t1 = System.nanoTime();
            assertEquals(0, SparkSweepTest.sweep(dir.resolve("local"), local, "--jobs", "1"),
                    local.toString());
            System.out.printf("quick sweep: loopback cluster (2 workers x 1 core, one killed) "
                    + "%.1f s, local %.1f s%n", clusterSeconds, (System.nanoTime() - t1) / 1e9);
            List<StoredRun> expected = ResultsStore.at(dir.resolve("local")).runs();
            ResultsStore actual = ResultsStore.at(dir.resolve("cluster"));
            assertEquals(4, expected.size());
            for (StoredRun r : expected) {
                StoredRun s = actual.read(r.config().runId());
                String id = r.config().runId();
                assertTrue(s.complete(), id + ": " + s.damage());
                assertEquals(StoreRecords.results(r), StoreRecords.results(s), id);
            }
        } finally {
            System.clearProperty("spark.jars");
            System.clearProperty("spark.driver.host");
            System.clearProperty("spark.driver.bindAddress");
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private static List<String> worker(String master, Path work) {
        return List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir",
                work.toString(), master);
    }

    /** Whether an executor under {@code work} logged that it runs a task. */
    private static boolean runningTask(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.endsWith("stderr"))::iterator) {
                if (Files.readString(f).contains("Running task")) {
                    return true;
                }
            }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false; // a directory appeared or vanished while walking: look again
        }
        return false;
    }

    private Process start(String name, List<String> args, Path home) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath()));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        // A worker launches executors through Spark's launcher, which looks for the jars in
        // SPARK_HOME/jars and needs the Scala version.
        b.environment().put("SPARK_HOME", home.toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = b.start();
        started.add(p);
        return p;
    }

    /** A directory whose {@code jars/} links every jar of this JVM's class path. */
    private Path sparkHome() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
        for (String entry : classPath().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        return jars.getParent();
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire
                : System.getProperty("java.class.path");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

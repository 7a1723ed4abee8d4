package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.cli.DvaeCommand;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory the user may not write to is refused before training, for the sweep, {@code report
 * -o} and {@code toy -o}: one line naming the path, exit 2. Permission bits do not stop root, so
 * as root the commands run in a child JVM as {@code nobody} (through {@code setpriv}), on a copy
 * of the class path that user can read; the test is skipped, with the reason, where that cannot
 * be had.
 */
class NonRootOutputTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryTheUserMayNotWriteIsRefusedWithOneLine() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Path store = Files.createDirectories(dir.resolve("store/runs"));
        List<List<String>> commands = List.of(
                List.of("-e", "reinforce", "--seeds", "1", "--epochs", "1", "--train-limit",
                        "100", "--test-limit", "50", "--probe-every", "0", "-o",
                        readOnly.resolve("store").toString()),
                List.of("report", store.getParent().toString(), "-o",
                        readOnly.resolve("report").toString()),
                List.of("toy", "--steps", "10", "--record-every", "5", "-o",
                        readOnly.resolve("toy").toString()));
        boolean root = isRoot();
        List<String> wrapper = root ? nobody() : List.of();
        String classPath = root ? readableClassPath() : ChildRunner.classPath();
        open(dir);
        open(store.getParent());
        open(store);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        int n = 0;
        for (List<String> args : commands) {
            String err;
            int code;
            if (root) {
                ChildRunner child = ChildRunner.start(home, "child" + n++, wrapper, classPath,
                        List.of("-Duser.home=" + home, "-Dorg.bytedeco.javacpp.cachedir="
                                + home.resolve("javacpp")), args);
                code = child.await(120);
                err = child.err();
            } else {
                StringWriter e = new StringWriter();
                code = DvaeCommand.execute(args.toArray(String[]::new), false,
                        new PrintWriter(new StringWriter()), new PrintWriter(e));
                err = e.toString();
            }
            assertEquals(2, code, args + ": " + err);
            List<String> lines = err.lines().toList();
            assertEquals(1, lines.size(), args + ": one line:\n" + err);
            assertTrue(lines.get(0).startsWith("dvae: --output " + readOnly + "/"), lines.get(0));
            assertTrue(lines.get(0).contains("permission denied writing in " + readOnly),
                    lines.get(0));
            assertFalse(err.contains("Exception"), err);
        }
        try (Stream<Path> left = Files.list(readOnly)) {
            assertEquals(0, left.count(), "nothing written");
        }
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.substring(4).strip().split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    /** {@code setpriv} to the user {@code nobody}, or the test is skipped saying why. */
    private static List<String> nobody() throws IOException {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assumptions.assumeTrue(Files.isExecutable(setpriv), "running as root and there is no "
                + "/usr/bin/setpriv to run a child as another user: permission bits do not "
                + "stop root, so this case cannot be tested here");
        String passwd = Files.readString(Path.of("/etc/passwd"));
        String entry = passwd.lines().filter(l -> l.startsWith("nobody:")).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(entry != null, "running as root and there is no user nobody");
        String[] f = entry.split(":");
        return List.of(setpriv.toString(), "--reuid=" + f[2], "--regid=" + f[3],
                "--clear-groups");
    }

    /** This JVM's class path, hard-linked (or copied) where {@code nobody} can read it. */
    private String readableClassPath() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : ChildRunner.classPath().split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = copy.resolve((i++) + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path p : files.toList()) {
                        Path t = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t);
                        }
                    }
                }
            } else {
                try {
                    Files.createLink(target, source);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, target);
                }
            }
            entries.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(copy)) {
            for (Path p : all.toList()) {
                open(p);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Lets others read {@code p} (and enter it, a directory), if they cannot yet. */
    private static void open(Path p) throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> now =
                Files.getPosixFilePermissions(p);
        java.util.Set<java.nio.file.attribute.PosixFilePermission> wanted = new java.util.HashSet<>(
                now);
        wanted.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        if (Files.isDirectory(p)) {
            wanted.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        }
        if (!wanted.equals(now)) { // a hard link shares its inode: leave readable ones alone
            Files.setPosixFilePermissions(p, wanted);
        }
    }
}

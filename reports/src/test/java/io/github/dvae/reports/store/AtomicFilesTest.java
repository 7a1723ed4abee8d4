package io.github.dvae.reports.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsThenReplacesTheWholeFile() throws IOException {
        Path f = dir.resolve("a/b/config.json");
        AtomicFiles.write(f, "first, and longer".getBytes());
        AtomicFiles.write(f, "second".getBytes());
        assertEquals("second", Files.readString(f));
        assertEquals(1, countFiles(f.getParent()));
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("summary.json");
        AtomicFiles.write(f, "old".getBytes());
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", thrown.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(1, countFiles(dir), "the temporary file must be removed");
    }

    @Test
    void theFileGetsTheDirectorysDefaultPermissionsNotOwnerOnly() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions");
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path atomic = dir.resolve("atomic");
        AtomicFiles.write(atomic, "x".getBytes());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic),
                "a report must be as readable as any file its user writes");
    }

    private static long countFiles(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }
}

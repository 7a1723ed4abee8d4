package io.github.dvae.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

    @TempDir
    Path dir;

    private static byte[] images(int count, int rows, int cols, int seed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            out.writeByte((i * 37 + seed) & 0xFF);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x801);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeByte(i % 10);
        }
        return bytes.toByteArray();
    }

    private void write(String name, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name
                + ".gz"))) : Files.newOutputStream(dir.resolve(name))) {
            out.write(content);
        }
    }

    @Test
    void readsRawAndGzippedFilesOfADirectory() throws IOException {
        write("train-images-idx3-ubyte", images(5, 4, 3, 1), true);
        write("train-labels-idx1-ubyte", labels(5), false);
        write("t10k-images-idx3-ubyte", images(2, 4, 3, 2), false);
        write("t10k-labels-idx1-ubyte", labels(2), true);
        ImageDataset d = IdxFiles.loadDirectory(dir, "tiny");
        assertEquals(5, d.trainSize());
        assertEquals(2, d.testSize());
        assertEquals(3, d.width());
        assertEquals(4, d.height());
        assertEquals(37 / 255f + 1 / 255f, d.train()[1], 1e-7);
        assertArrayEquals(new int[] {0, 1}, d.testLabels());
    }

    @Test
    void malformedAndMissingFilesAreNamed() throws IOException {
        Path bad = dir.resolve("bad-images");
        Files.write(bad, labels(3));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxFiles.readImages(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("0x00000803"),
                e.getMessage());

        Path truncated = dir.resolve("short");
        byte[] full = images(3, 2, 2, 0);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 4));
        e = assertThrows(DataFormatException.class, () -> IdxFiles.readImages(truncated));
        assertTrue(e.getMessage().contains("ends before"), e.getMessage());

        Path missing = dir.resolve("nowhere");
        e = assertThrows(DataFormatException.class, () -> IdxFiles.loadDirectory(missing, "x"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        write("train-images-idx3-ubyte", images(1, 2, 2, 0), false);
        e = assertThrows(DataFormatException.class, () -> IdxFiles.loadDirectory(dir, "x"));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    }
}

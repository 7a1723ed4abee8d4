package io.github.dvae.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.reports.store.RunConfig;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format's guarantees: round trip, atomic replacement, and every refusal. */
class RunCheckpointTest {

    @TempDir
    Path dir;

    private static RunConfig config(long seed) {
        return new RunConfig("run-" + seed, "reinforce", "reinforce", Map.of(), true, seed,
                Map.of("epochs", "2", "architecture", "784-8-(2x3)-8-784"));
    }

    private RunCheckpoint written(RunConfig config) throws IOException {
        RunCheckpoint c = RunCheckpoint.at(dir.resolve("c").resolve("run.checkpoint"), 5);
        c.write(config, out -> {
            out.writeLong("step", 42);
            out.writeDoubles("values", new double[] {1.5, Double.NaN, -0.0});
        });
        return c;
    }

    @Test
    void whatIsWrittenIsReadBackExactly() throws IOException {
        RunCheckpoint c = written(config(1));
        StateInput in = c.read(config(1)).orElseThrow();
        assertEquals(42, in.readLong("step"));
        assertArrayEquals(new double[] {1.5, Double.NaN, -0.0}, in.readDoubles("values", 3));
        try (java.util.stream.Stream<Path> files = Files.list(c.file().getParent())) {
            assertEquals(List.of(c.file()), files.toList(), "no temporary file left");
        }
        assertTrue(c.due(10) && !c.due(11) && !RunCheckpoint.at(c.file(), 0).due(10));
        c.delete();
        assertTrue(c.read(config(1)).isEmpty());
    }

    @Test
    void anotherConfigurationIsRefusedNamingBoth() throws IOException {
        RunCheckpoint c = written(config(1));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.read(config(2)));
        assertTrue(e.getMessage().contains("belongs to configuration " + config(1).fingerprint())
                && e.getMessage().contains(config(2).fingerprint()), e.getMessage());
    }

    @Test
    void aDamagedFileIsRefused() throws IOException {
        RunCheckpoint c = written(config(1));
        byte[] bytes = Files.readAllBytes(c.file());
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(c.file(), bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> c.read(config(1)));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        Files.write(c.file(), new byte[] {1, 2, 3});
        assertThrows(CheckpointException.class, () -> c.read(config(1)));
        byte[] truncated = new byte[bytes.length - 9];
        System.arraycopy(Files.readAllBytes(written(config(1)).file()), 0, truncated, 0,
                truncated.length);
        Files.write(c.file(), truncated);
        assertThrows(CheckpointException.class, () -> c.read(config(1)));
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        RunCheckpoint c = RunCheckpoint.at(dir.resolve("v.checkpoint"), 0);
        try (OutputStream out = Files.newOutputStream(c.file())) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeUTF("dvae-checkpoint");
            d.writeInt(RunCheckpoint.FORMAT_VERSION + 1);
            d.writeUTF(config(1).fingerprint());
            d.flush();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes.toByteArray());
            d.writeLong(crc.getValue());
            d.flush();
            out.write(bytes.toByteArray());
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> c.read(config(1)));
        assertTrue(e.getMessage().contains("format version " + (RunCheckpoint.FORMAT_VERSION + 1)),
                e.getMessage());
    }
}

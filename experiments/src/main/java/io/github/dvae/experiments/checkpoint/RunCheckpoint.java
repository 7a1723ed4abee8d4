package io.github.dvae.experiments.checkpoint;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.RunConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Where and how often one run saves its state, and the file format. A checkpoint is written
 * through {@link AtomicFiles} (a temporary file beside the target, forced to disk, renamed over
 * the previous one), so the previous checkpoint stays until the new one is complete and a crash
 * mid-write leaves no partial file behind. The file holds: a magic string, the format version, the run's configuration
 * fingerprint, the run's state as {@link StateOutput} sections, and a CRC-32 of all of it.
 *
 * <p>Immutable; a run's thread is its only writer (the run's claim in the store guarantees one
 * process at a time).
 */
public final class RunCheckpoint {

    /** The version of the file format; a file of another version is refused. */
    public static final int FORMAT_VERSION = 2; // 2: the loop's state holds the basket's records

    private static final String MAGIC = "dvae-checkpoint";

    /** No checkpoint at all: nothing written, nothing resumed. */
    public static final RunCheckpoint NONE = new RunCheckpoint(null, 0);

    private final Path file;
    private final long every;

    private RunCheckpoint(Path file, long every) {
        this.file = file;
        this.every = every;
    }

    /**
     * A checkpoint in {@code file}, written every {@code every} training steps (0: only when the
     * run is interrupted), and read back when the run starts again.
     */
    public static RunCheckpoint at(Path file, long every) {
        if (every < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, got "
                    + every);
        }
        return new RunCheckpoint(file, every);
    }

    /** Whether checkpoints are written at all. */
    public boolean enabled() {
        return file != null;
    }

    /** The checkpoint's file (null for {@link #NONE}). */
    public Path file() {
        return file;
    }

    /** Whether a checkpoint is due after {@code steps} training steps. */
    public boolean due(long steps) {
        return file != null && every > 0 && steps % every == 0;
    }

    /** The body of a checkpoint: the run's state, section by section. */
    @FunctionalInterface
    public interface Contents {
        void write(StateOutput out) throws IOException;
    }

    /**
     * Called by a run's loop at every step boundary, {@code steps} optimiser steps into the run,
     * with everything the run needs to continue from there: saves it if the thread was
     * interrupted (then throws) or if a checkpoint is due.
     *
     * @throws InterruptedIOException after saving, if the thread was interrupted (the interrupt
     *     stays set for the callers)
     */
    public void boundary(RunConfig config, long steps, Contents contents) throws IOException {
        if (Thread.interrupted()) {
            // Cleared while the checkpoint is written (an interrupted channel would close).
            try {
                write(config, contents);
            } finally {
                Thread.currentThread().interrupt();
            }
            throw new InterruptedIOException("run " + config.runId() + " interrupted");
        }
        if (due(steps)) {
            write(config, contents);
        }
    }

    /** Replaces the checkpoint, atomically, by {@code contents} for run {@code config}. */
    public void write(RunConfig config, Contents contents) throws IOException {
        if (file == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        DataOutputStream header = new DataOutputStream(bytes);
        header.writeUTF(MAGIC);
        header.writeInt(FORMAT_VERSION);
        header.writeUTF(config.fingerprint());
        header.flush();
        StateOutput out = new StateOutput(bytes);
        contents.write(out);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        header.writeLong(crc.getValue());
        header.flush();
        AtomicFiles.write(file, bytes::writeTo);
    }

    /**
     * The state of the last checkpoint of run {@code config}, positioned after the header, or
     * empty if there is none.
     *
     * @throws CheckpointException if the file is damaged, of another format version, or of
     *     another configuration
     */
    public Optional<StateInput> read(RunConfig config) throws IOException {
        if (file == null) {
            return Optional.empty();
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String remove = "; remove it to train the run from the start";
        if (all.length < Long.BYTES) {
            throw new CheckpointException("checkpoint " + file + " is damaged (" + all.length
                    + " bytes)" + remove);
        }
        int bodyLength = all.length - Long.BYTES;
        CRC32 crc = new CRC32();
        crc.update(all, 0, bodyLength);
        long stored = java.nio.ByteBuffer.wrap(all, bodyLength, Long.BYTES).getLong();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, bodyLength));
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            magic = "";
        }
        if (!MAGIC.equals(magic)) {
            throw new CheckpointException("checkpoint " + file + " is not a dvae checkpoint"
                    + remove);
        }
        if (crc.getValue() != stored) {
            throw new CheckpointException("checkpoint " + file
                    + " is damaged (its checksum does not match)" + remove);
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new CheckpointException("checkpoint " + file + " has format version "
                    + version + "; this build reads version " + FORMAT_VERSION + remove);
        }
        String fingerprint = in.readUTF();
        if (!fingerprint.equals(config.fingerprint())) {
            throw new CheckpointException("checkpoint " + file + " belongs to configuration "
                    + fingerprint + ", not to run " + config.runId() + " (" + config.fingerprint()
                    + ")" + remove);
        }
        return Optional.of(new StateInput(in));
    }

    /** Removes the checkpoint once the run is complete. */
    public void delete() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}

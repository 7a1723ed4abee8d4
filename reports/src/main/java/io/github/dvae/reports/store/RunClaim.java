package io.github.dvae.reports.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One process's exclusive right to write one run: an operating-system lock on the run's file in
 * {@code <store>/locks/}, which the operating system releases when the process ends however it
 * ends (SIGKILL included), so a killed sweep never leaves a stale claim behind. While a process
 * holds a run's claim, no other process starts, wipes or completes that run; so several processes
 * may share one store, each training the runs it claims. The lock file holds the holder's PID,
 * host and start time for the message another process shows; lock files are never deleted
 * (deleting one while it is held would let a second process lock a new file of the same name).
 *
 * <p>Locks are advisory and held per process: within one process a run must be claimed once
 * (the runner's plan has distinct runs). Network file systems may not honour them.
 */
public final class RunClaim implements Closeable {

    private final String runId;
    private final FileChannel channel;
    private final FileLock lock;

    private RunClaim(String runId, FileChannel channel, FileLock lock) {
        this.runId = runId;
        this.channel = channel;
        this.lock = lock;
    }

    /** The run claimed. */
    public String runId() {
        return runId;
    }

    /** Whether the claim is still held (not yet closed). */
    public boolean held() {
        return lock.isValid();
    }

    /** Releases the claim. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    /**
     * Claims {@code runId} through {@code file} if no process holds it; empty if one does (this
     * process included).
     */
    static Optional<RunClaim> tryClaim(Path file, String runId) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process holds it already
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        try {
            return Optional.of(held(runId, channel, lock));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Claims {@code runId} through {@code file}, waiting while another process holds it.
     *
     * @throws java.nio.channels.FileLockInterruptionException if the thread is interrupted
     *     while it waits
     */
    static RunClaim claim(Path file, String runId) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return held(runId, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static RunClaim held(String runId, FileChannel channel, FileLock lock)
            throws IOException {
        // Written through the locked channel: opening the file again in this process and closing
        // it would drop the process's lock (POSIX record locks belong to the process).
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holderLine().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new RunClaim(runId, channel, lock);
    }

    /**
     * Who holds the claim in {@code file}, as its holder wrote it ("process 1234 (since
     * ...)"); call only after this process failed to claim it.
     */
    static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    private static String holderLine() {
        return "process " + ProcessHandle.current().pid() + " (since " + Instant.now() + ")\n";
    }
}

package io.github.dvae.reports.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one run's results as they are produced: metric records are appended as one line each and
 * forced to disk at once (so an interrupted run keeps every finished epoch), whole documents are
 * written atomically, and {@link #complete} writes the summary last. From
 * {@link ResultsStore#start}; one writer per run, used by one thread.
 */
public final class RunWriter implements Closeable {

    private final Path directory;
    private FileChannel epochs;
    private FileChannel probes;
    private boolean completed;

    RunWriter(Path directory) throws IOException {
        this.directory = directory;
        this.epochs = open(ResultsStore.EPOCHS);
    }

    /** The run's directory. */
    public Path directory() {
        return directory;
    }

    /** Appends one epoch's record. */
    public void epoch(EpochRecord record) throws IOException {
        append(epochs, record);
    }

    /** Appends one probe's record. */
    public void probe(ProbeRecord record) throws IOException {
        if (probes == null) {
            probes = open(ResultsStore.PROBES);
        }
        append(probes, record);
    }

    /** Writes the run's images. */
    public void images(RunImages images) throws IOException {
        requireOpen();
        AtomicFiles.write(directory.resolve(ResultsStore.IMAGES), StoreJson.document(images));
    }

    /** Marks the run complete by writing its summary, and closes the writer. */
    public void complete(RunSummary summary) throws IOException {
        requireOpen();
        close();
        AtomicFiles.write(directory.resolve(ResultsStore.SUMMARY), StoreJson.document(summary));
        completed = true;
    }

    /** Closes the metric files; the run stays incomplete unless {@link #complete} was called. */
    @Override
    public void close() throws IOException {
        try {
            if (epochs != null) {
                epochs.close();
            }
        } finally {
            epochs = null;
            if (probes != null) {
                probes.close();
                probes = null;
            }
        }
    }

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void append(FileChannel channel, Object record) throws IOException {
        requireOpen();
        // One write call per line, so a crash tears at most the last line (which readers drop).
        ByteBuffer line = ByteBuffer.wrap((StoreJson.line(record) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
    }

    private void requireOpen() {
        if (completed || epochs == null) {
            throw new IllegalStateException("the writer of " + directory + " is closed");
        }
    }
}

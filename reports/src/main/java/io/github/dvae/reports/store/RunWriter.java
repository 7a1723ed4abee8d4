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
 * written atomically, and {@link #complete} writes the summary last, stating what the run holds
 * (record counts, each file's length and SHA-256). From {@link ResultsStore#start}; it owns the
 * run's {@link RunClaim} and releases it when closed; used by one thread.
 */
public final class RunWriter implements Closeable {

    private final Path directory;
    private final RunClaim claim;
    private FileChannel epochs;
    private FileChannel probes;
    private FileChannel basket;
    private int epochRecords;
    private int probeRecords;
    private boolean completed;

    RunWriter(Path directory, RunClaim claim) throws IOException {
        this.directory = directory;
        this.claim = claim;
        this.epochs = open(ResultsStore.EPOCHS);
    }

    /** The run's directory. */
    public Path directory() {
        return directory;
    }

    /** Appends one epoch's record. */
    public void epoch(EpochRecord record) throws IOException {
        append(epochs, record);
        epochRecords++;
    }

    /** Appends one probe's record. */
    public void probe(ProbeRecord record) throws IOException {
        requireOpen();
        if (probes == null) {
            probes = open(ResultsStore.PROBES);
        }
        append(probes, record);
        probeRecords++;
    }

    /** Appends one estimator's measurement of the same-snapshot basket. */
    public void basket(BasketRecord record) throws IOException {
        requireOpen();
        if (basket == null) {
            basket = open(ResultsStore.BASKET);
        }
        append(basket, record);
    }

    /** Writes the run's images. */
    public void images(RunImages images) throws IOException {
        requireOpen();
        AtomicFiles.write(directory.resolve(ResultsStore.IMAGES), StoreJson.document(images));
    }

    /**
     * Marks the run complete by writing its summary, with what the run's files hold, and closes
     * the writer (releasing the claim).
     *
     * @return the summary as written, its contents filled in
     */
    public RunSummary complete(RunSummary summary) throws IOException {
        requireOpen();
        closeRecords();
        RunSummary written = summary.withContents(RunContents.of(directory, epochRecords,
                probeRecords));
        AtomicFiles.write(directory.resolve(ResultsStore.SUMMARY), StoreJson.document(written));
        completed = true;
        close();
        return written;
    }

    /**
     * Closes the metric files and releases the run's claim; the run stays incomplete unless
     * {@link #complete} was called.
     */
    @Override
    public void close() throws IOException {
        try {
            closeRecords();
        } finally {
            claim.close();
        }
    }

    private void closeRecords() throws IOException {
        try {
            if (epochs != null) {
                epochs.close();
            }
        } finally {
            epochs = null;
            try {
                if (probes != null) {
                    probes.close();
                }
            } finally {
                probes = null;
                if (basket != null) {
                    basket.close();
                    basket = null;
                }
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
        if (completed || epochs == null || !claim.held()) {
            throw new IllegalStateException("the writer of " + directory + " is closed");
        }
    }
}

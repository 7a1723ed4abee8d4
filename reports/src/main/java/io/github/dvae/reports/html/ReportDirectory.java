package io.github.dvae.reports.html;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory that a generated page is written into, held by one writer at a time (an
 * operating-system lock on {@code .report.lock}, waited for: a sweep finishing and a
 * {@code dvae report} of the same store may overlap), and kept free of stale files: when the page
 * is rewritten, files that the previous page referenced and the new one does not (charts of
 * configurations no longer in the store, say) are removed. Only files a page of ours referenced
 * (listed in {@code .report-files}) are ever removed, so pointing a report at a directory that
 * holds other files loses none of them.
 */
public final class ReportDirectory implements Closeable {

    static final String LOCK = ".report.lock";
    static final String MANIFEST = ".report-files";

    /** A local file a page links or embeds: a plain name, no scheme, no directory, no anchor. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:src|href)=\"([A-Za-z0-9][A-Za-z0-9._-]*)\"");

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private ReportDirectory(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code directory} if needed and waits until this process holds it. */
    public static ReportDirectory open(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            while (true) {
                try {
                    return new ReportDirectory(dir, channel, channel.lock());
                } catch (OverlappingFileLockException e) {
                    Thread.sleep(20); // another thread of this process writes it now
                }
            }
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + dir);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The directory. */
    public Path path() {
        return directory;
    }

    /**
     * Records what the page {@code index} (in this directory) references, and removes the files
     * the previous page referenced that this one does not.
     *
     * @return the names removed
     */
    public List<String> prune(Path index) throws IOException {
        Set<String> now = new TreeSet<>(references(Files.readString(index,
                StandardCharsets.UTF_8)));
        now.add(index.getFileName().toString());
        Path manifest = directory.resolve(MANIFEST);
        List<String> removed = new ArrayList<>();
        if (Files.isRegularFile(manifest)) {
            for (String name : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!name.isBlank() && !now.contains(name)
                        && REFERENCE.matcher("src=\"" + name + "\"").matches()
                        && Files.deleteIfExists(directory.resolve(name))) {
                    removed.add(name);
                }
            }
        }
        Files.write(manifest, now, StandardCharsets.UTF_8);
        return removed;
    }

    /** Local file names that {@code html} references. */
    static Set<String> references(String html) {
        Set<String> names = new TreeSet<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

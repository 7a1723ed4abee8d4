package io.github.dvae.reports.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a complete run holds, as its summary states it: the number of epoch and probe records,
 * and the byte length and SHA-256 of every record file present when the summary was written. A
 * run whose files do not match its summary (a second writer appended to it, a file was truncated
 * or replaced) is not complete, whatever its summary says.
 *
 * @param epochRecords lines of {@code epochs.jsonl}
 * @param probeRecords lines of {@code probes.jsonl} (0 when the probe was off)
 * @param files for each record file present (by name), its length and digest; a record file
 *     absent from this map must be absent from the run's directory
 */
public record RunContents(int epochRecords, int probeRecords, Map<String, FileDigest> files) {

    /** The files a summary accounts for, in the order they are checked. */
    static final List<String> RECORD_FILES = List.of(ResultsStore.CONFIG,
            ResultsStore.ENVIRONMENT, ResultsStore.EPOCHS, ResultsStore.PROBES,
            ResultsStore.BASKET, ResultsStore.IMAGES);

    public RunContents {
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * One file's length and content digest.
     *
     * @param bytes length in bytes
     * @param sha256 SHA-256 of the content, lower-case hex
     */
    public record FileDigest(long bytes, String sha256) {

        /** The digest of {@code file} as it is now. */
        static FileDigest of(Path file) throws IOException {
            MessageDigest sha = newDigest();
            long bytes = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    sha.update(buffer, 0, n);
                    bytes += n;
                }
            }
            return new FileDigest(bytes, HexFormat.of().formatHex(sha.digest()));
        }

        private static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }

    /** The contents of run directory {@code dir} now, with the record counts its writer kept. */
    static RunContents of(Path dir, int epochRecords, int probeRecords) throws IOException {
        Map<String, FileDigest> files = new LinkedHashMap<>();
        for (String name : RECORD_FILES) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put(name, FileDigest.of(file));
            }
        }
        return new RunContents(epochRecords, probeRecords, files);
    }

    /**
     * Why run directory {@code dir} does not hold what this says, naming the file; null if it
     * does.
     */
    String mismatch(Path dir) {
        for (String name : RECORD_FILES) {
            Path file = dir.resolve(name);
            FileDigest expected = files.get(name);
            if (expected == null) {
                if (Files.exists(file)) {
                    return name + " is present but " + ResultsStore.SUMMARY + " records no such "
                            + "file (written after the run completed)";
                }
                continue;
            }
            FileDigest actual;
            try {
                actual = FileDigest.of(file);
            } catch (NoSuchFileException e) {
                return name + " is missing; " + ResultsStore.SUMMARY + " records " + expected.bytes()
                        + " bytes";
            } catch (IOException e) {
                return name + " cannot be read: " + e.getMessage();
            }
            if (actual.bytes() != expected.bytes()) {
                return name + " holds " + actual.bytes() + " bytes; " + ResultsStore.SUMMARY
                        + " records " + expected.bytes() + describeRecords(name);
            }
            if (!actual.sha256().equals(expected.sha256())) {
                return name + " differs from the SHA-256 recorded in " + ResultsStore.SUMMARY;
            }
        }
        return null;
    }

    private String describeRecords(String name) {
        if (name.equals(ResultsStore.EPOCHS)) {
            return " (" + epochRecords + " epoch records)";
        }
        if (name.equals(ResultsStore.PROBES)) {
            return " (" + probeRecords + " probe records)";
        }
        return "";
    }
}

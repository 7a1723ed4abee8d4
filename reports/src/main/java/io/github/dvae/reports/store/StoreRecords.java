package io.github.dvae.reports.store;

import java.io.IOException;

/**
 * Records as one line of the store's JSON and back, exactly as the run files hold them: for
 * records that travel outside a run directory (a checkpoint, a Spark task's result) and are
 * written into one later, unchanged.
 */
public final class StoreRecords {

    private StoreRecords() {
    }

    /** One line of JSON, no line break, as {@code epochs.jsonl} and {@code probes.jsonl} hold. */
    public static String line(Object record) {
        return StoreJson.line(record);
    }

    /**
     * The record a {@link #line} holds.
     *
     * @throws StoreFormatException if the line is not such a record
     */
    public static <T> T read(String line, Class<T> type) throws IOException {
        try {
            return StoreJson.read(line, type);
        } catch (IOException e) {
            throw new StoreFormatException("not a " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}

package io.github.dvae.benchmarks.curves;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The measured points of a cost-curves run, kept in {@code cost-curves.csv}: the whole file is
 * rewritten atomically (temporary file, then rename) after every point, so a run stopped at any
 * moment leaves every point it finished and a rerun with the same settings measures only the
 * rest. A point measured again replaces its row.
 */
public final class CostTable {

    /** The file name in the output directory. */
    public static final String FILE = "cost-curves.csv";

    private final Map<String, CostRecord> records = new LinkedHashMap<>();

    /** The table of {@code file}, empty if it does not exist. */
    public static CostTable read(Path file) {
        CostTable table = new CostTable();
        if (!Files.exists(file)) {
            return table;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                table.add(CostRecord.of(fields(lines.get(i))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a cost "
                        + "point (" + e.getMessage() + "): move it away or choose another --out");
            }
        }
        return table;
    }

    /** Adds {@code record}, replacing an earlier measurement of the same point. */
    public void add(CostRecord record) {
        records.remove(record.key());
        records.put(record.key(), record);
    }

    /** Whether a point with {@code record}'s key (everything but the figures) is measured. */
    public boolean contains(CostRecord record) {
        return records.containsKey(record.key());
    }

    /** The machines ({@link CostRecord#machine}) the rows were measured on. */
    public Set<String> machines() {
        Set<String> m = new TreeSet<>();
        records.values().forEach(r -> m.add(r.machine()));
        return m;
    }

    /** The rows, in the order measured. */
    public List<CostRecord> records() {
        return List.copyOf(records.values());
    }

    /** The CSV, header first. */
    public CsvTable csv() {
        CsvTable csv = new CsvTable(CostRecord.HEADER);
        records.values().forEach(r -> csv.row(r.fields()));
        return csv;
    }

    /** Replaces {@code file} with the table, atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, csv().bytes());
    }

    /** The fields of a CSV line as {@link CsvTable} writes them (RFC 4180 quoting, one line). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}

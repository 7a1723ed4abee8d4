package io.github.dvae.reports.figure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data behind a figure or a table, as CSV (RFC 4180: fields with commas, quotes or line
 * breaks are quoted), numbers written in full precision so the figure can be redrawn elsewhere.
 */
public final class CsvTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public CsvTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row: numbers in full precision, NaN as an empty field, anything else as text. */
    public CsvTable row(Object... fields) {
        if (fields.length != header.size()) {
            throw new IllegalArgumentException(fields.length + " fields for " + header.size()
                    + " columns " + header);
        }
        List<String> row = new ArrayList<>(fields.length);
        for (Object f : fields) {
            if (f instanceof Double d) {
                row.add(Double.isNaN(d) ? "" : Double.toString(d));
            } else if (f instanceof Float v) {
                row.add(Float.isNaN(v) ? "" : Float.toString(v));
            } else {
                row.add(String.valueOf(f));
            }
        }
        rows.add(row);
        return this;
    }

    /** Number of rows, header excluded. */
    public int size() {
        return rows.size();
    }

    /** The table as UTF-8 CSV with a header line. */
    public byte[] bytes() {
        StringBuilder b = new StringBuilder();
        line(b, header);
        rows.forEach(r -> line(b, r));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n")) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        b.append('\n');
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CsvTable%s, %d rows", header, rows.size());
    }
}

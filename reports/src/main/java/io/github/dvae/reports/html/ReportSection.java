package io.github.dvae.reports.html;

import java.io.IOException;

/**
 * One section of the report (a table, figures, image grids), free to show any metric of the
 * store. Sections are listed, in page order, in
 * {@code META-INF/services/io.github.dvae.reports.html.ReportSection}: a new section is one
 * class and one line there, and {@link HtmlReport} needs no change.
 *
 * <p>Implementations are stateless and have a public no-argument constructor.
 */
public interface ReportSection {

    /**
     * Appends the section's HTML to {@code html} (an {@code <h2>} and what follows), writing any
     * file it shows through {@code report}; appends nothing when it has nothing to show.
     */
    void render(ReportContext report, StringBuilder html) throws IOException;

    /**
     * Whether the section only makes sense with at least one complete run; when there is none,
     * only the sections that say false are rendered.
     */
    default boolean needsCompleteRuns() {
        return true;
    }
}

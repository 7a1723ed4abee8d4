package io.github.dvae.reports.figure;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.store.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One figure of the report: one chart, or several side by side as small multiples (a panel per
 * configuration on shared axes, so that no band hides another), written as SVG (vector, what the
 * page shows and a paper can include) and PNG, with the data behind it as CSV and a caption that
 * states the setting. Files are {@code <stem>.svg}, {@code <stem>.png} and {@code <stem>.csv},
 * replaced atomically.
 *
 * @param stem the files' name without extension
 * @param caption what the figure shows and under which setting, plain text
 * @param panels the charts, row by row
 * @param columns panels per row
 * @param panelWidth width of one panel in pixels (SVG user units)
 * @param panelHeight height of one panel
 * @param data the numbers drawn, one row per point
 */
public record Figure(String stem, String caption, List<Chart<?, ?>> panels, int columns,
        int panelWidth, int panelHeight, CsvTable data) {

    public Figure {
        panels = List.copyOf(panels);
        if (panels.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("a figure needs a panel and a column");
        }
    }

    /** A figure of one chart. */
    public static Figure single(String stem, String caption, Chart<?, ?> chart, CsvTable data) {
        return new Figure(stem, caption, List.of(chart), 1, chart.getWidth(), chart.getHeight(),
                data);
    }

    /** Width of the whole figure. */
    public int width() {
        return Math.min(columns, panels.size()) * panelWidth;
    }

    /** Height of the whole figure. */
    public int height() {
        return (panels.size() + columns - 1) / columns * panelHeight;
    }

    /**
     * Writes the SVG, the PNG and the CSV into {@code directory}.
     *
     * @return the HTML {@code <figure>} that shows the SVG, with its caption and links to the
     *     PNG and the CSV
     */
    public String writeTo(Path directory) throws IOException {
        AtomicFiles.write(directory.resolve(stem + ".svg"), svg());
        AtomicFiles.write(directory.resolve(stem + ".png"), png());
        AtomicFiles.write(directory.resolve(stem + ".csv"), data.bytes());
        return "<figure id=\"fig-" + stem + "\"><img src=\"" + stem + ".svg\" width=\"" + width()
                + "\" height=\"" + height() + "\" alt=\"" + HtmlText.escape(caption) + "\">"
                + "<figcaption>" + HtmlText.escape(caption) + " <a href=\"" + stem + ".svg\">SVG"
                + "</a> &middot; <a href=\"" + stem + ".png\">PNG</a> &middot; <a href=\"" + stem
                + ".csv\">data (CSV)</a></figcaption></figure>\n";
    }

    /** The figure as SVG. */
    public byte[] svg() throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height()))
                .writeTo(out);
        g.dispose();
        return out.toByteArray();
    }

    /** The figure as PNG. */
    public byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        paint(g);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
        return out.toByteArray();
    }

    private void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        for (int i = 0; i < panels.size(); i++) {
            int x = (i % columns) * panelWidth;
            int y = (i / columns) * panelHeight;
            g.translate(x, y);
            panels.get(i).paint(g, panelWidth, panelHeight);
            g.translate(-x, -y);
        }
    }
}

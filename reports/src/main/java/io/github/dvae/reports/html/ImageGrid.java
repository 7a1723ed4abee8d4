package io.github.dvae.reports.html;

import io.github.dvae.reports.store.ImageSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Rows of grey images drawn into one PNG, each pixel enlarged to a square of {@code scale} pixels,
 * with a thin gap between images: originals above their reconstructions, or rows of samples.
 */
public final class ImageGrid {

    private static final int GAP = 2;
    private static final int BACKGROUND = 0xB0B0B0;

    private ImageGrid() {
    }

    /** The rows (each row's images side by side, rows stacked) as PNG bytes. */
    public static byte[] png(List<ImageSet> rows, int scale) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an image grid needs at least one row");
        }
        int w = rows.get(0).width();
        int h = rows.get(0).height();
        int columns = 0;
        for (ImageSet r : rows) {
            if (r.width() != w || r.height() != h) {
                throw new IllegalArgumentException("every row must hold " + w + " x " + h
                        + " images, got " + r.width() + " x " + r.height());
            }
            columns = Math.max(columns, r.count());
        }
        int cellW = w * scale + GAP;
        int cellH = h * scale + GAP;
        BufferedImage img = new BufferedImage(Math.max(1, columns * cellW + GAP),
                rows.size() * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, BACKGROUND);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            ImageSet set = rows.get(r);
            for (int c = 0; c < set.count(); c++) {
                int[] pixels = set.image(c);
                int x0 = GAP + c * cellW;
                int y0 = GAP + r * cellH;
                for (int py = 0; py < h; py++) {
                    for (int px = 0; px < w; px++) {
                        int v = pixels[py * w + px];
                        int rgb = (v << 16) | (v << 8) | v;
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB(x0 + px * scale + dx, y0 + py * scale + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
        return out.toByteArray();
    }
}

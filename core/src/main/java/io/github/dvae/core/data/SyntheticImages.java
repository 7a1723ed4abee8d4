package io.github.dvae.core.data;

import io.github.dvae.core.random.RandomStream;

/**
 * The built-in data set: 28 x 28 grey-level images of ten stroke glyphs (digit-like shapes: a
 * ring, a bar, a zig-zag, ...), each drawn with a random shift, scale, rotation, slant and stroke
 * width, so each class is a mode with variation around it. Deterministic: the same seed gives the
 * same images. Needs no download and generates 10,000 images in well under a second.
 */
public final class SyntheticImages {

    /** Side of the square images, as MNIST's. */
    public static final int SIDE = 28;

    /** Number of glyph classes (modes). */
    public static final int CLASSES = 10;

    /** Polylines per class, in unit coordinates (x right, y down), centre (0.5, 0.5). */
    private static final double[][][] GLYPHS = {
        {ring(0.5, 0.5, 0.22, 0.32, 20)},
        {{0.5, 0.18, 0.5, 0.82}, {0.38, 0.3, 0.5, 0.18}},
        {{0.28, 0.25, 0.72, 0.25, 0.28, 0.78, 0.74, 0.78}},
        {{0.28, 0.2, 0.72, 0.2, 0.72, 0.8, 0.28, 0.8}, {0.36, 0.5, 0.72, 0.5}},
        {{0.62, 0.82, 0.62, 0.18, 0.25, 0.62, 0.78, 0.62}},
        {{0.72, 0.2, 0.3, 0.2, 0.3, 0.48, 0.7, 0.5, 0.7, 0.8, 0.28, 0.8}},
        {ring(0.5, 0.63, 0.2, 0.18, 16), {0.3, 0.63, 0.42, 0.3, 0.6, 0.18}},
        {{0.25, 0.2, 0.75, 0.2, 0.42, 0.82}},
        {ring(0.5, 0.32, 0.16, 0.14, 14), ring(0.5, 0.66, 0.2, 0.17, 16)},
        {ring(0.5, 0.36, 0.2, 0.17, 16), {0.7, 0.36, 0.66, 0.82}},
    };

    private SyntheticImages() {
    }

    private static double[] ring(double cx, double cy, double rx, double ry, int segments) {
        double[] p = new double[2 * (segments + 1)];
        for (int i = 0; i <= segments; i++) {
            double a = 2 * Math.PI * i / segments;
            p[2 * i] = cx + rx * Math.cos(a);
            p[2 * i + 1] = cy + ry * Math.sin(a);
        }
        return p;
    }

    /** A data set of {@code trainCount} and {@code testCount} images from {@code seed}. */
    public static ImageDataset generate(long seed, int trainCount, int testCount) {
        if (trainCount < 1 || testCount < 1) {
            throw new IllegalArgumentException("synthetic data needs >= 1 train and test image, got "
                    + trainCount + " and " + testCount);
        }
        RandomStream rng = RandomStream.of(seed);
        RandomStream trainRng = rng.split();
        RandomStream testRng = rng.split();
        int[] trainLabels = new int[trainCount];
        int[] testLabels = new int[testCount];
        float[] train = draw(trainRng, trainLabels);
        float[] test = draw(testRng, testLabels);
        return new ImageDataset("synthetic", SIDE, SIDE, train, trainLabels, test, testLabels);
    }

    private static float[] draw(RandomStream rng, int[] labels) {
        int pixels = SIDE * SIDE;
        float[] out = new float[labels.length * pixels];
        double[] segments = new double[64 * 4];
        for (int i = 0; i < labels.length; i++) {
            int c = rng.nextInt(CLASSES);
            labels[i] = c;
            int count = transform(GLYPHS[c], rng, segments);
            double half = 0.6 + 0.5 * rng.nextDouble();
            render(segments, count, half, out, i * pixels);
        }
        return out;
    }

    /** Applies a random similarity transform and slant; writes segments as (x0, y0, x1, y1). */
    private static int transform(double[][] glyph, RandomStream rng, double[] segments) {
        double scale = 0.85 + 0.3 * rng.nextDouble();
        double angle = (rng.nextDouble() - 0.5) * 0.4;
        double slant = (rng.nextDouble() - 0.5) * 0.3;
        double dx = (rng.nextDouble() - 0.5) * 3.0;
        double dy = (rng.nextDouble() - 0.5) * 3.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int n = 0;
        for (double[] line : glyph) {
            double px = 0;
            double py = 0;
            for (int k = 0; k < line.length; k += 2) {
                double ux = (line[k] - 0.5) * scale;
                double uy = (line[k + 1] - 0.5) * scale;
                ux += slant * uy;
                double x = (cos * ux - sin * uy) * SIDE + SIDE / 2.0 + dx;
                double y = (sin * ux + cos * uy) * SIDE + SIDE / 2.0 + dy;
                if (k > 0) {
                    segments[4 * n] = px;
                    segments[4 * n + 1] = py;
                    segments[4 * n + 2] = x;
                    segments[4 * n + 3] = y;
                    n++;
                }
                px = x;
                py = y;
            }
        }
        return n;
    }

    /** Intensity 1 within {@code half} pixels of a stroke, falling linearly to 0 one pixel out. */
    private static void render(double[] segments, int count, double half, float[] out, int at) {
        for (int r = 0; r < SIDE; r++) {
            double y = r + 0.5;
            for (int col = 0; col < SIDE; col++) {
                double x = col + 0.5;
                double best = Double.MAX_VALUE;
                for (int s = 0; s < count; s++) {
                    best = Math.min(best, squaredDistance(segments, s, x, y));
                }
                double d = Math.sqrt(best) - half;
                out[at + r * SIDE + col] = (float) Math.max(0, Math.min(1, 1 - d));
            }
        }
    }

    private static double squaredDistance(double[] seg, int s, double x, double y) {
        double x0 = seg[4 * s];
        double y0 = seg[4 * s + 1];
        double vx = seg[4 * s + 2] - x0;
        double vy = seg[4 * s + 3] - y0;
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : ((x - x0) * vx + (y - y0) * vy) / len2;
        t = Math.max(0, Math.min(1, t));
        double ex = x0 + t * vx - x;
        double ey = y0 + t * vy - y;
        return ex * ex + ey * ey;
    }
}

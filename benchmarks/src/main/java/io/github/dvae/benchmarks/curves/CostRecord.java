package io.github.dvae.benchmarks.curves;

import java.util.List;

/**
 * One measured point: a line of {@code cost-curves.csv}.
 *
 * @param axis the curve
 * @param estimator the series: the estimator spec as given
 * @param implementation {@link #HARNESS} for this harness, {@code pytorch} or
 *     {@code pytorch-gather} for the reference script's dense and gathered decoder input
 * @param x the value varied (B, K, N or S)
 * @param architecture written form of the architecture run
 * @param batch examples per step
 * @param steps timed steps
 * @param warmup untimed steps before them
 * @param threads threads (BLAS and kernels; PyTorch's intra-op threads)
 * @param images the training images: {@code synthetic} or the IDX file's name
 * @param millisPerStep mean wall milliseconds per timed step
 * @param cpu the CPU model measured on
 * @param variables the environment variables that change BLAS speed, as set for this harness
 *     ({@code NAME=value} separated by spaces; the PyTorch script runs without the OpenBLAS ones)
 * @param millisPerStep mean wall milliseconds per timed step
 * @param imagesPerSecond examples per wall second over the timed steps
 */
public record CostRecord(CostAxis axis, String estimator, String implementation, int x,
        String architecture, int batch, int steps, int warmup, int threads, String images, String cpu,
        String variables, double millisPerStep, double imagesPerSecond) {

    /** The implementation name of this harness's rows. */
    public static final String HARNESS = "dvae";

    /** The CSV header, in component order, then the derived microseconds per image. */
    static final String[] HEADER = {"curve", "estimator", "implementation", "x", "architecture",
        "batch", "steps", "warmup", "threads", "images", "cpu", "variables", "ms_per_step",
        "images_per_second", "us_per_image"};

    /** Wall microseconds per example: 10^6 / images per second. */
    public double microsPerImage() {
        return 1e6 / imagesPerSecond;
    }

    /** Whether this is the PyTorch reference script's measurement. */
    public boolean pytorch() {
        return !HARNESS.equals(implementation);
    }

    /** The machine measured on: CPU model and BLAS variables. */
    public String machine() {
        return machine(cpu, variables);
    }

    /** A CPU model and its BLAS variables as one label: {@code model (NAME=value ...)}. */
    public static String machine(String cpu, String variables) {
        return variables.isEmpty() ? cpu : cpu + " (" + variables + ")";
    }

    /** What identifies the point measured, for resuming: everything but the figures. */
    String key() {
        return String.join("|", axis.id(), estimator, implementation, Integer.toString(x),
                architecture, Integer.toString(batch), Integer.toString(steps),
                Integer.toString(warmup), Integer.toString(threads), images, cpu, variables);
    }

    Object[] fields() {
        return new Object[] {axis.id(), estimator, implementation, x, architecture, batch, steps,
            warmup, threads, images, cpu, variables, millisPerStep, imagesPerSecond, microsPerImage()};
    }

    /** The record of a CSV line's fields, in {@link #HEADER} order. */
    static CostRecord of(List<String> f) {
        if (f.size() != HEADER.length) {
            throw new IllegalArgumentException(f.size() + " fields, expected " + HEADER.length);
        }
        return new CostRecord(CostAxis.parse(f.get(0)), f.get(1), f.get(2),
                Integer.parseInt(f.get(3)), f.get(4), Integer.parseInt(f.get(5)),
                Integer.parseInt(f.get(6)), Integer.parseInt(f.get(7)),
                Integer.parseInt(f.get(8)), f.get(9), f.get(10), f.get(11),
                Double.parseDouble(f.get(12)), Double.parseDouble(f.get(13)));
    }
}

package io.github.dvae.core.stats;

import io.github.dvae.core.tensor.WorkerPool;

/**
 * Running mean and sample variance of each coordinate of a vector-valued sample (Welford's
 * algorithm, stable in one pass): the statistics of M gradient estimates.
 */
public final class CoordinateMoments {

    /** Coordinates per range of a parallel {@link #add(double[], WorkerPool)}. */
    private static final int GRAIN = 1 << 14;

    private final double[] mean;
    private final double[] m2;
    private long count;

    public CoordinateMoments(int dimension) {
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
    }

    public int dimension() {
        return mean.length;
    }

    /** Samples added. */
    public long count() {
        return count;
    }

    /** Adds one sample of length {@link #dimension()}. */
    public void add(double[] sample) {
        if (sample.length != mean.length) {
            throw new IllegalArgumentException("sample of length " + sample.length
                    + ", expected " + mean.length);
        }
        count++;
        for (int i = 0; i < mean.length; i++) {
            double d = sample[i] - mean[i];
            mean[i] += d / count;
            m2[i] += d * (sample[i] - mean[i]);
        }
    }

    /**
     * As {@link #add(double[])}, the coordinates split into ranges over {@code workers}: each
     * coordinate's arithmetic is the same, so the result does not depend on the pool's size.
     */
    public void add(double[] sample, WorkerPool workers) {
        if (sample.length != mean.length) {
            throw new IllegalArgumentException("sample of length " + sample.length
                    + ", expected " + mean.length);
        }
        long n = ++count;
        workers.forRange(mean.length, GRAIN, 4L * mean.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double d = sample[i] - mean[i];
                mean[i] += d / n;
                m2[i] += d * (sample[i] - mean[i]);
            }
        });
    }

    /** Mean of coordinate {@code i}. */
    public double mean(int i) {
        return mean[i];
    }

    /** Every coordinate's mean (a copy). */
    public double[] means() {
        return mean.clone();
    }

    /** Unbiased sample variance of coordinate {@code i} (needs two samples). */
    public double variance(int i) {
        return count > 1 ? m2[i] / (count - 1) : Double.NaN;
    }

    /** Standard error of coordinate {@code i}'s mean. */
    public double standardError(int i) {
        return Math.sqrt(variance(i) / count);
    }

    /** Mean over coordinates of the per-coordinate variance. */
    public double meanVariance() {
        double s = 0;
        for (int i = 0; i < mean.length; i++) {
            s += variance(i);
        }
        return s / mean.length;
    }

    /**
     * Mean over coordinates of {@code |mean| / std}, the signal-to-noise ratio; coordinates with
     * zero variance are left out.
     */
    public double meanSignalToNoise() {
        double s = 0;
        int n = 0;
        for (int i = 0; i < mean.length; i++) {
            double v = variance(i);
            if (v > 0) {
                s += Math.abs(mean[i]) / Math.sqrt(v);
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}

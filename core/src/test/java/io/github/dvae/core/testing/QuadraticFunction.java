package io.github.dvae.core.testing;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.toy.DifferentiableFunction;

/**
 * {@code f(z) = z^T A z / 2 + c^T z} with A symmetric, the same for every example: a toy objective
 * with curvature (straight-through's expectation is off on it, ReinMax's at {@code tau = 1} is
 * exact, as its second-order argument says), whose gradient {@code A z + c} is known everywhere;
 * or, with {@code A = 0}, a linear one.
 */
public final class QuadraticFunction implements DifferentiableFunction {

    private final double[][] a;
    private final double[] c;

    private QuadraticFunction(double[][] a, double[] c) {
        this.a = a;
        this.c = c;
    }

    /** A and c with standard normal entries (A symmetrised), from {@code seed}. */
    public static QuadraticFunction random(int width, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[][] a = new double[width][width];
        double[] c = new double[width];
        for (int i = 0; i < width; i++) {
            c[i] = rng.nextGaussian();
            for (int j = 0; j <= i; j++) {
                a[i][j] = rng.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        return new QuadraticFunction(a, c);
    }

    /** {@code f(z) = c^T z}. */
    public static QuadraticFunction linear(double[] c) {
        return new QuadraticFunction(new double[c.length][c.length], c.clone());
    }

    @Override
    public double value(int example, double[] z) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            double az = 0;
            for (int j = 0; j < c.length; j++) {
                az += a[i][j] * z[j];
            }
            s += z[i] * (0.5 * az + c[i]);
        }
        return s;
    }

    @Override
    public double valueAndGradient(int example, double[] z, double[] gradient) {
        for (int i = 0; i < c.length; i++) {
            double az = 0;
            for (int j = 0; j < c.length; j++) {
                az += a[i][j] * z[j];
            }
            gradient[i] = az + c[i];
        }
        return value(example, z);
    }
}

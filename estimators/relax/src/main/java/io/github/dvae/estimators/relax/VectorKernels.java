package io.github.dvae.estimators.relax;

import static jdk.incubator.vector.DoubleVector.fromArray;

import io.github.dvae.core.tensor.KernelCompilation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link CategoricalKernel}: eight double lanes
 * (512 bits), each lane one of the scalar path's eight partial sums, so that both give the same
 * bits (tested); used only where that is the machine's preferred vector ({@link #usable}).
 * Loaded only where {@code jdk.incubator.vector} is in the boot layer: nothing else may refer to
 * this class before checking that. Only lanewise IEEE operations (add, subtract, multiply,
 * negate, compare and blend): no fused multiply-add, no reduction
 * whose order the library chooses.
 *
 * <p>Speed depends on C2 compiling every Vector API call to vector instructions, which it does
 * only when the library's call sites, shared by every user in the JVM, have seen one vector
 * class: a second double shape anywhere in the process (measured: a 256-bit loop beside this
 * one) puts these loops on the library's Java fallback, about four times slower than the scalar
 * path (a second float shape would do the same to core's {@code VectorConversion}). Hence
 * the preferred shape, as core's {@code VectorExpLog}.
 */
final class VectorKernels {

    static {
        // Before any method of this class can be hot: see KernelCompilation.
        KernelCompilation.compileApart(VectorKernels.class);
    }

    /**
     * The preferred shape, as core's {@code VectorExpLog}: the library's shared call sites (its
     * loads, broadcasts and lanewise operations dispatch on the vector's class) then see one
     * class, and C2 compiles them to vector instructions; with 256-bit vectors here beside
     * core's 512-bit ones, JFR showed them on the library's Java fallback.
     */
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = CategoricalKernel.LANES;

    private VectorKernels() {
    }

    /**
     * Whether the preferred double vector has {@link CategoricalKernel#LANES} lanes (512 bits,
     * AVX-512), so that its lanes are the scalar path's partial sums; elsewhere the scalar path
     * runs.
     */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.length() == LANES;
    }

    /**
     * {@link CategoricalKernel#variable} on eight-lane vectors, a method per pass. C2 compiles
     * the Vector API into vector instructions only where it inlines every call between the
     * library's (force-inlined) methods; a method of ours in between (a load helper) or one
     * method with all six passes fell out of its inlining budget, and JFR showed the library's
     * Java fallback, slower than the scalar loops.
     */
    static void variable(double[] x, int yz, int yt, int fz, int ft, int rz, int rt, int g,
            int wz, int wt, double[] pi, double[] slope, int base, int code, int classes,
            double eta, double inverseTemperature, double coefficient, double twiceInverseBatch,
            boolean directions, double[] sums) {
        double[] r = new double[2];
        first(x, yz, yt, fz, ft, rz, rt, classes, eta, r);
        second(x, yz, yt, rz, rt, slope, base, classes, inverseTemperature, r[0], r[1], r);
        third(x, rz, rt, g, pi, base, classes, coefficient, r[0], r[1]);
        double q = pi[base + code];
        x[g + code] = coefficient * (-q + 1.0) + (x[rz + code] - q * r[0])
                - (x[rt + code] - q * r[1]);
        fourth(x, g, pi, base, classes, r);
        sums[CategoricalKernel.SQUARE] += r[0];
        if (!directions) {
            return;
        }
        double m = twiceInverseBatch * r[1];
        sums[CategoricalKernel.SCORE] += twiceInverseBatch * x[g + code] - m;
        fifth(x, yz, yt, g, wz, wt, slope, base, classes, twiceInverseBatch, m, r);
        sums[CategoricalKernel.FIRST_ORDER] += sixth(x, yz, yt, fz, ft, wz, wt, classes,
                inverseTemperature, r[0], r[1]);
    }

    /** P1: d = dr + eta df on both sides; {@code r = (y . d, y~ . d~)}. */
    private static void first(double[] x, int yz, int yt, int fz, int ft, int rz, int rt,
            int classes, double eta, double[] r) {
        int whole = classes & ~(LANES - 1);
        DoubleVector a = DoubleVector.zero(DOUBLES);
        DoubleVector t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector d = fromArray(DOUBLES, x, rz + k)
                    .add(fromArray(DOUBLES, x, fz + k).mul(eta));
            DoubleVector dt = fromArray(DOUBLES, x, rt + k)
                    .add(fromArray(DOUBLES, x, ft + k).mul(eta));
            d.intoArray(x, rz + k);
            dt.intoArray(x, rt + k);
            a = a.add(fromArray(DOUBLES, x, yz + k).mul(d));
            t = t.add(fromArray(DOUBLES, x, yt + k).mul(dt));
        }
        double[] lanes = new double[2 * LANES];
        a.intoArray(lanes, 0);
        t.intoArray(lanes, LANES);
        double a0 = lanes[0];
        double t0 = lanes[LANES];
        for (int k = whole; k < classes; k++) {
            double d = x[rz + k] + eta * x[fz + k];
            double dt = x[rt + k] + eta * x[ft + k];
            x[rz + k] = d;
            x[rt + k] = dt;
            a0 += x[yz + k] * d;
            t0 += x[yt + k] * dt;
        }
        r[0] = CategoricalKernel.total(lanes, 0, a0);
        r[1] = CategoricalKernel.total(lanes, LANES, t0);
    }

    /** P2: the softmax Jacobians (slopes on z~); {@code r = (S, S~)}. */
    private static void second(double[] x, int yz, int yt, int rz, int rt, double[] slope,
            int base, int classes, double inverseTemperature, double dotZ, double dotTilde,
            double[] r) {
        int whole = classes & ~(LANES - 1);
        DoubleVector a = DoubleVector.zero(DOUBLES);
        DoubleVector t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector p = fromArray(DOUBLES, x, yz + k).mul(inverseTemperature)
                    .mul(fromArray(DOUBLES, x, rz + k).sub(dotZ));
            DoubleVector pt = fromArray(DOUBLES, x, yt + k).mul(inverseTemperature)
                    .mul(fromArray(DOUBLES, x, rt + k).sub(dotTilde))
                    .mul(fromArray(DOUBLES, slope, base + k));
            p.intoArray(x, rz + k);
            pt.intoArray(x, rt + k);
            a = a.add(p);
            t = t.add(pt);
        }
        double[] lanes = new double[2 * LANES];
        a.intoArray(lanes, 0);
        t.intoArray(lanes, LANES);
        double a0 = lanes[0];
        double t0 = lanes[LANES];
        for (int k = whole; k < classes; k++) {
            double p = inverseTemperature * x[yz + k] * (x[rz + k] - dotZ);
            double pt = inverseTemperature * x[yt + k] * (x[rt + k] - dotTilde) * slope[base + k];
            x[rz + k] = p;
            x[rt + k] = pt;
            a0 += p;
            t0 += pt;
        }
        r[0] = CategoricalKernel.total(lanes, 0, a0);
        r[1] = CategoricalKernel.total(lanes, LANES, t0);
    }

    /** P3: the estimate with score -pi (the chosen class is the caller's). */
    private static void third(double[] x, int rz, int rt, int g, double[] pi, int base,
            int classes, double coefficient, double sumZ, double sumTilde) {
        int whole = classes & ~(LANES - 1);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector q = fromArray(DOUBLES, pi, base + k);
            DoubleVector v = q.neg().mul(coefficient)
                    .add(fromArray(DOUBLES, x, rz + k).sub(q.mul(sumZ)))
                    .sub(fromArray(DOUBLES, x, rt + k).sub(q.mul(sumTilde)));
            v.intoArray(x, g + k);
        }
        for (int k = whole; k < classes; k++) {
            double q = pi[base + k];
            x[g + k] = coefficient * -q + (x[rz + k] - q * sumZ) - (x[rt + k] - q * sumTilde);
        }
    }

    /** P4: {@code r = (|g|^2, g . pi)}. */
    private static void fourth(double[] x, int g, double[] pi, int base, int classes,
            double[] r) {
        int whole = classes & ~(LANES - 1);
        DoubleVector a = DoubleVector.zero(DOUBLES);
        DoubleVector t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector v = fromArray(DOUBLES, x, g + k);
            a = a.add(v.mul(v));
            t = t.add(v.mul(fromArray(DOUBLES, pi, base + k)));
        }
        double[] lanes = new double[2 * LANES];
        a.intoArray(lanes, 0);
        t.intoArray(lanes, LANES);
        double a0 = lanes[0];
        double t0 = lanes[LANES];
        for (int k = whole; k < classes; k++) {
            double v = x[g + k];
            a0 += v * v;
            t0 += v * pi[base + k];
        }
        r[0] = CategoricalKernel.total(lanes, 0, a0);
        r[1] = CategoricalKernel.total(lanes, LANES, t0);
    }

    /** P5: u' and u~' into the direction slots; {@code r = (y . u', y~ . u~')}. */
    private static void fifth(double[] x, int yz, int yt, int g, int wz, int wt,
            double[] slope, int base, int classes, double twiceInverseBatch, double m,
            double[] r) {
        int whole = classes & ~(LANES - 1);
        DoubleVector a = DoubleVector.zero(DOUBLES);
        DoubleVector t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector u = fromArray(DOUBLES, x, g + k).mul(twiceInverseBatch).sub(m);
            DoubleVector ut = fromArray(DOUBLES, slope, base + k).mul(u).neg();
            u.intoArray(x, wz + k);
            ut.intoArray(x, wt + k);
            a = a.add(fromArray(DOUBLES, x, yz + k).mul(u));
            t = t.add(fromArray(DOUBLES, x, yt + k).mul(ut));
        }
        double[] lanes = new double[2 * LANES];
        a.intoArray(lanes, 0);
        t.intoArray(lanes, LANES);
        double a0 = lanes[0];
        double t0 = lanes[LANES];
        for (int k = whole; k < classes; k++) {
            double u = twiceInverseBatch * x[g + k] - m;
            double ut = -(slope[base + k] * u);
            x[wz + k] = u;
            x[wt + k] = ut;
            a0 += x[yz + k] * u;
            t0 += x[yt + k] * ut;
        }
        r[0] = CategoricalKernel.total(lanes, 0, a0);
        r[1] = CategoricalKernel.total(lanes, LANES, t0);
    }

    /** P6: the directions; returns {@code w . df + w~ . df~}. */
    private static double sixth(double[] x, int yz, int yt, int fz, int ft, int wz, int wt,
            int classes, double inverseTemperature, double dotU, double dotUTilde) {
        int whole = classes & ~(LANES - 1);
        DoubleVector a = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector w = fromArray(DOUBLES, x, yz + k).mul(inverseTemperature)
                    .mul(fromArray(DOUBLES, x, wz + k).sub(dotU));
            DoubleVector wTilde = fromArray(DOUBLES, x, yt + k).mul(inverseTemperature)
                    .mul(fromArray(DOUBLES, x, wt + k).sub(dotUTilde));
            w.intoArray(x, wz + k);
            wTilde.intoArray(x, wt + k);
            a = a.add(w.mul(fromArray(DOUBLES, x, fz + k)))
                    .add(wTilde.mul(fromArray(DOUBLES, x, ft + k)));
        }
        double[] lanes = new double[LANES];
        a.intoArray(lanes, 0);
        double a0 = lanes[0];
        for (int k = whole; k < classes; k++) {
            double w = inverseTemperature * x[yz + k] * (x[wz + k] - dotU);
            double wTilde = inverseTemperature * x[yt + k] * (x[wt + k] - dotUTilde);
            x[wz + k] = w;
            x[wt + k] = wTilde;
            a0 = a0 + w * x[fz + k] + wTilde * x[ft + k];
        }
        return CategoricalKernel.total(lanes, 0, a0);
    }
}

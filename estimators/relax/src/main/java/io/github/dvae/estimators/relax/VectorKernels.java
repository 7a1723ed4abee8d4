package io.github.dvae.estimators.relax;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link CategoricalKernel} and {@link RowTransfer}: four double lanes
 * (256 bits) whatever the machine's widest vector, so that each lane is one of the scalar path's
 * four partial sums and both give the same bits (tested). Loaded only where
 * {@code jdk.incubator.vector} is in the boot layer: nothing else may refer to this class
 * before checking that. Only lanewise IEEE operations (add, subtract, multiply, negate,
 * float-double conversions, compare and blend): no fused multiply-add, no reduction whose order
 * the library chooses.
 */
final class VectorKernels {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
    private static final int LANES = 4;

    private VectorKernels() {
    }

    /** Whether this machine runs 256-bit double vectors natively (else the scalar path runs). */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** {@code out[outFrom + i] = in[inFrom + i]} for the whole vectors of {@code n}; returns them. */
    static int widen(float[] in, int inFrom, double[] out, int outFrom, int n) {
        int whole = n & ~(LANES - 1);
        for (int i = 0; i < whole; i += LANES) {
            ((DoubleVector) FloatVector.fromArray(FLOATS, in, inFrom + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0))
                    .intoArray(out, outFrom + i);
        }
        return whole;
    }

    /**
     * {@code out[outFrom + i] = (float) in[inFrom + i]}, zero and subnormal results written as
     * +0 (as {@code ElementView}'s float write), for the whole vectors of {@code n}; returns them.
     */
    static int narrow(double[] in, int inFrom, float[] out, int outFrom, int n) {
        int whole = n & ~(LANES - 1);
        for (int i = 0; i < whole; i += LANES) {
            FloatVector f = (FloatVector) DoubleVector.fromArray(DOUBLES, in, inFrom + i)
                    .convertShape(VectorOperators.D2F, FLOATS, 0);
            VectorMask<Float> tiny = f.abs().compare(VectorOperators.LT, Float.MIN_NORMAL);
            f.blend(0f, tiny).intoArray(out, outFrom + i);
        }
        return whole;
    }

    /** {@link CategoricalKernel#variable} on four-lane vectors. */
    static void variable(double[] x, int yz, int yt, int fz, int ft, int rz, int rt, int g,
            int wz, int wt, double[] pi, double[] slope, int base, int code, int classes,
            double eta, double inverseTemperature, double coefficient, double twiceInverseBatch,
            boolean directions, double[] sums) {
        int whole = classes & ~(LANES - 1);
        // P1.
        DoubleVector a = DoubleVector.zero(DOUBLES);
        DoubleVector t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector d = load(x, rz + k).add(load(x, fz + k).mul(eta));
            DoubleVector dt = load(x, rt + k).add(load(x, ft + k).mul(eta));
            d.intoArray(x, rz + k);
            dt.intoArray(x, rt + k);
            a = a.add(load(x, yz + k).mul(d));
            t = t.add(load(x, yt + k).mul(dt));
        }
        double a0 = a.lane(0);
        double t0 = t.lane(0);
        for (int k = whole; k < classes; k++) {
            double d = x[rz + k] + eta * x[fz + k];
            double dt = x[rt + k] + eta * x[ft + k];
            x[rz + k] = d;
            x[rt + k] = dt;
            a0 += x[yz + k] * d;
            t0 += x[yt + k] * dt;
        }
        double dotZ = (a0 + a.lane(1)) + (a.lane(2) + a.lane(3));
        double dotTilde = (t0 + t.lane(1)) + (t.lane(2) + t.lane(3));
        // P2.
        a = DoubleVector.zero(DOUBLES);
        t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector p = load(x, yz + k).mul(inverseTemperature)
                    .mul(load(x, rz + k).sub(dotZ));
            DoubleVector pt = load(x, yt + k).mul(inverseTemperature)
                    .mul(load(x, rt + k).sub(dotTilde)).mul(load(slope, base + k));
            p.intoArray(x, rz + k);
            pt.intoArray(x, rt + k);
            a = a.add(p);
            t = t.add(pt);
        }
        a0 = a.lane(0);
        t0 = t.lane(0);
        for (int k = whole; k < classes; k++) {
            double p = inverseTemperature * x[yz + k] * (x[rz + k] - dotZ);
            double pt = inverseTemperature * x[yt + k] * (x[rt + k] - dotTilde) * slope[base + k];
            x[rz + k] = p;
            x[rt + k] = pt;
            a0 += p;
            t0 += pt;
        }
        double sumZ = (a0 + a.lane(1)) + (a.lane(2) + a.lane(3));
        double sumTilde = (t0 + t.lane(1)) + (t.lane(2) + t.lane(3));
        // P3.
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector q = load(pi, base + k);
            DoubleVector v = q.neg().mul(coefficient)
                    .add(load(x, rz + k).sub(q.mul(sumZ)))
                    .sub(load(x, rt + k).sub(q.mul(sumTilde)));
            v.intoArray(x, g + k);
        }
        for (int k = whole; k < classes; k++) {
            double q = pi[base + k];
            x[g + k] = coefficient * -q + (x[rz + k] - q * sumZ) - (x[rt + k] - q * sumTilde);
        }
        double q = pi[base + code];
        x[g + code] = coefficient * (-q + 1.0) + (x[rz + code] - q * sumZ)
                - (x[rt + code] - q * sumTilde);
        // P4.
        a = DoubleVector.zero(DOUBLES);
        t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector v = load(x, g + k);
            a = a.add(v.mul(v));
            t = t.add(v.mul(load(pi, base + k)));
        }
        a0 = a.lane(0);
        t0 = t.lane(0);
        for (int k = whole; k < classes; k++) {
            double v = x[g + k];
            a0 += v * v;
            t0 += v * pi[base + k];
        }
        sums[CategoricalKernel.SQUARE] += (a0 + a.lane(1)) + (a.lane(2) + a.lane(3));
        if (!directions) {
            return;
        }
        double m = twiceInverseBatch * ((t0 + t.lane(1)) + (t.lane(2) + t.lane(3)));
        sums[CategoricalKernel.SCORE] += twiceInverseBatch * x[g + code] - m;
        // P5.
        a = DoubleVector.zero(DOUBLES);
        t = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector u = load(x, g + k).mul(twiceInverseBatch).sub(m);
            DoubleVector ut = load(slope, base + k).mul(u).neg();
            u.intoArray(x, wz + k);
            ut.intoArray(x, wt + k);
            a = a.add(load(x, yz + k).mul(u));
            t = t.add(load(x, yt + k).mul(ut));
        }
        a0 = a.lane(0);
        t0 = t.lane(0);
        for (int k = whole; k < classes; k++) {
            double u = twiceInverseBatch * x[g + k] - m;
            double ut = -(slope[base + k] * u);
            x[wz + k] = u;
            x[wt + k] = ut;
            a0 += x[yz + k] * u;
            t0 += x[yt + k] * ut;
        }
        double dotU = (a0 + a.lane(1)) + (a.lane(2) + a.lane(3));
        double dotUTilde = (t0 + t.lane(1)) + (t.lane(2) + t.lane(3));
        // P6.
        a = DoubleVector.zero(DOUBLES);
        for (int k = 0; k < whole; k += LANES) {
            DoubleVector w = load(x, yz + k).mul(inverseTemperature)
                    .mul(load(x, wz + k).sub(dotU));
            DoubleVector wTilde = load(x, yt + k).mul(inverseTemperature)
                    .mul(load(x, wt + k).sub(dotUTilde));
            w.intoArray(x, wz + k);
            wTilde.intoArray(x, wt + k);
            a = a.add(w.mul(load(x, fz + k))).add(wTilde.mul(load(x, ft + k)));
        }
        a0 = a.lane(0);
        for (int k = whole; k < classes; k++) {
            double w = inverseTemperature * x[yz + k] * (x[wz + k] - dotU);
            double wTilde = inverseTemperature * x[yt + k] * (x[wt + k] - dotUTilde);
            x[wz + k] = w;
            x[wt + k] = wTilde;
            a0 = a0 + w * x[fz + k] + wTilde * x[ft + k];
        }
        sums[CategoricalKernel.FIRST_ORDER] += (a0 + a.lane(1)) + (a.lane(2) + a.lane(3));
    }

    private static DoubleVector load(double[] a, int from) {
        return DoubleVector.fromArray(DOUBLES, a, from);
    }
}

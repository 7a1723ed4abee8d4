package io.github.dvae.benchmarks.sgemm;

import java.util.Locale;

/**
 * One matrix product {@code C = op(A) op(B)} with {@code C} of {@code m x n} and inner dimension
 * {@code k}, in one of a dense layer's three orientations, under a label saying where it occurs.
 */
public record GemmShape(String label, int m, int k, int n, Orientation orientation) {

    /** How a dense layer of rows R, inputs I and outputs O multiplies. */
    public enum Orientation {
        /** {@code Y = X W}: {@code R x I} by {@code I x O}; m R, k I, n O. */
        FORWARD(false, false),
        /** {@code dW = X^T G}: the weight gradient; m I, k R, n O. */
        WEIGHT_GRADIENT(true, false),
        /** {@code dX = G W^T}: the input gradient; m R, k O, n I. */
        INPUT_GRADIENT(false, true);

        private final boolean transposeA;
        private final boolean transposeB;

        Orientation(boolean transposeA, boolean transposeB) {
            this.transposeA = transposeA;
            this.transposeB = transposeB;
        }

        public boolean transposeA() {
            return transposeA;
        }

        public boolean transposeB() {
            return transposeB;
        }
    }

    public GemmShape {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("a product's sizes must be >= 1, got " + m + "x" + k
                    + "x" + n);
        }
    }

    /** The product of a layer's orientation, for {@code rows} rows of {@code inputs -> outputs}. */
    public static GemmShape ofLayer(String label, int rows, int inputs, int outputs,
            Orientation orientation) {
        return switch (orientation) {
            case FORWARD -> new GemmShape(label, rows, inputs, outputs, orientation);
            case WEIGHT_GRADIENT -> new GemmShape(label, inputs, rows, outputs, orientation);
            case INPUT_GRADIENT -> new GemmShape(label, rows, outputs, inputs, orientation);
        };
    }

    /**
     * {@code MxKxN} (forward orientation), as the command line writes it.
     *
     * @throws IllegalArgumentException naming the text and the form allowed
     */
    public static GemmShape parse(String text) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("shape '" + text + "' is not of the form MxKxN, "
                    + "e.g. 50x784x200");
        }
        try {
            return new GemmShape(text.trim(), Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                    Integer.parseInt(p[2]), Orientation.FORWARD);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shape '" + text + "' is not of the form MxKxN "
                    + "with positive integers, e.g. 50x784x200");
        }
    }

    /** {@code 2 m k n}: the product's floating-point operations. */
    public long flops() {
        return 2L * m * k * n;
    }

    /** {@code MxKxN}. */
    public String dimensions() {
        return m + "x" + k + "x" + n;
    }
}

package io.github.dvae.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

/** Tolerance assertions for arrays: each element within {@code abs + rel * |expected|}. */
public final class ArrayAssertions {

    private ArrayAssertions() {
    }

    public static void assertClose(double[] expected, double[] actual, double abs, double rel,
            String what) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = abs + rel * Math.abs(expected[i]);
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    public static void assertAllFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                fail(what + ": element " + i + " is " + values[i]);
            }
        }
    }
}

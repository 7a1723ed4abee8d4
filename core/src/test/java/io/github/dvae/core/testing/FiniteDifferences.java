package io.github.dvae.core.testing;

import io.github.dvae.core.tensor.ElementView;
import java.util.function.DoubleSupplier;

/** Central finite differences of a scalar function of the elements of an array, in double. */
public final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * {@code (loss(x + h e_i) - loss(x - h e_i)) / 2h} for every element i of {@code x}; the
     * element is restored after each probe.
     */
    public static double[] gradient(ElementView x, DoubleSupplier loss, double h) {
        double[] out = new double[x.length()];
        for (int i = 0; i < x.length(); i++) {
            double v = x.get(i);
            x.set(i, v + h);
            double up = loss.getAsDouble();
            x.set(i, v - h);
            double down = loss.getAsDouble();
            x.set(i, v);
            out[i] = (up - down) / (2 * h);
        }
        return out;
    }
}

package io.github.dvae.core.nn;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.core.state.StateOutput;
import io.github.dvae.core.tensor.ElementView;
import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and the gradient of the loss with respect to it, of the same shape. Layers
 * accumulate into {@link #gradient()}; an optimiser reads it and updates {@link #value()} in place.
 */
public final class Parameter {

    private final String name;
    private final INDArray value;
    private final INDArray gradient;
    private final ElementView valueView;
    private final ElementView gradientView;

    /** Wraps {@code value} and allocates a zero gradient of its shape and type. */
    public Parameter(String name, INDArray value) {
        this.name = name;
        this.value = value;
        this.gradient = value.ulike().assign(0);
        this.valueView = ElementView.of(value);
        this.gradientView = ElementView.of(gradient);
    }

    public String name() {
        return name;
    }

    public INDArray value() {
        return value;
    }

    public INDArray gradient() {
        return gradient;
    }

    /** Element access to the value. */
    public ElementView values() {
        return valueView;
    }

    /** Element access to the gradient. */
    public ElementView gradients() {
        return gradientView;
    }

    /** Number of scalar elements. */
    public int size() {
        return valueView.length();
    }

    /** Writes the value, under the parameter's name. */
    public void saveState(StateOutput out) throws IOException {
        out.writeElements("parameter." + name, valueView);
    }

    /** Reads the value {@link #saveState} wrote, which must have this parameter's size. */
    public void restoreState(StateInput in) throws IOException {
        in.readElements("parameter." + name, valueView);
    }

    /** Sets the gradient to zero. */
    public void zeroGradient() {
        gradientView.fill(0.0);
    }

    @Override
    public String toString() {
        return name + value.shapeInfoToString();
    }
}

package io.github.dvae.core.tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays reused from step to step, one per name and shape, made on first use: so a training step
 * allocates no tensors once the batch sizes it meets have been seen. Contents are whatever the
 * last user left; callers overwrite them. One per owner; not thread-safe.
 */
public final class Workspace {

    private record Key(String name, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.name.equals(name) && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(shape));
        }
    }

    private final DataType type;
    private final Map<Key, INDArray> arrays = new HashMap<>();

    public Workspace(DataType type) {
        this.type = type;
    }

    public DataType dataType() {
        return type;
    }

    /** The array named {@code name} of this shape (c-ordered, contents unspecified). */
    public INDArray get(String name, long... shape) {
        return arrays.computeIfAbsent(new Key(name, shape.clone()), k -> Nd4j.create(type, k.shape));
    }
}

package io.github.dvae.core.nn;

import io.github.dvae.core.tensor.ElementView;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A layer's output and input-gradient buffers, one set per row count seen, made on first use. */
final class RowBuffers {

    private final DataType type;
    private final int inputs;
    private final int outputs;
    private final Map<Integer, Set> byRows = new HashMap<>();
    private Set recent;

    RowBuffers(DataType type, int inputs, int outputs) {
        this.type = type;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    Set forRows(int rows) {
        Set s = recent;
        if (s == null || s.rows != rows) {
            s = byRows.computeIfAbsent(rows, Set::new);
            recent = s;
        }
        return s;
    }

    final class Set {
        final int rows;
        final INDArray output;
        final ElementView outputView;
        private INDArray inputGradient;
        private INDArray denseInput;
        private ElementView denseInputView;

        Set(int rows) {
            this.rows = rows;
            this.output = Nd4j.create(type, rows, outputs);
            this.outputView = ElementView.of(output);
        }

        /** A {@code rows x inputs} buffer for an input given sparsely, made dense. */
        INDArray denseInput() {
            if (denseInput == null) {
                denseInput = Nd4j.create(type, rows, inputs);
                denseInputView = ElementView.of(denseInput);
            }
            return denseInput;
        }

        ElementView denseInputView() {
            denseInput();
            return denseInputView;
        }

        INDArray inputGradient() {
            if (inputGradient == null) {
                inputGradient = Nd4j.create(type, rows, inputs);
            }
            return inputGradient;
        }
    }
}

package io.github.dvae.core.latent;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the decoder reads, for {@link #rows()} rows: either one-hot categorical codes, which the
 * decoder's first layer turns into a gather, or dense vectors (relaxed samples, Gaussian samples,
 * codebook vectors). Arrays are held, not copied.
 */
public sealed interface DecoderInput {

    /** Number of rows (samples). */
    int rows();

    /**
     * One-hot codes: {@code codes[r * variables + n]} in {@code [0, classes)} is the class of
     * latent variable {@code n} in row {@code r}.
     */
    record OneHot(int[] codes, int rows, int variables, int classes) implements DecoderInput {
        public OneHot {
            if (codes.length < rows * variables) {
                throw new IllegalArgumentException("need " + rows * variables + " codes, got "
                        + codes.length);
            }
        }

        /** Class of variable {@code n} in row {@code r}. */
        public int code(int r, int n) {
            return codes[r * variables + n];
        }
    }

    /** Dense decoder input of shape {@code rows x width}, c-ordered. */
    record Dense(INDArray values) implements DecoderInput {
        public Dense {
            if (values.rank() != 2) {
                throw new IllegalArgumentException("dense decoder input must be rows x width, got "
                        + values.shapeInfoToString());
            }
        }

        @Override
        public int rows() {
            return values.rows();
        }
    }
}

package io.github.dvae.core.latent;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the decoder reads, for {@link #rows()} rows: one-hot categorical codes or Bernoulli bits,
 * which the decoder's first layer turns into a gather of weight rows, or dense vectors (relaxed
 * samples, Gaussian samples, codebook vectors). Arrays are held, not copied.
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

    /**
     * Binary units: {@code bits[r * variables + n]} in {0, 1} is unit {@code n} of row {@code r};
     * the decoder reads the N-bit vector itself (width N), so its first layer sums the weight rows
     * whose bit is set.
     */
    record Bits(int[] bits, int rows, int variables) implements DecoderInput {
        public Bits {
            if (bits.length < rows * variables) {
                throw new IllegalArgumentException("need " + rows * variables + " bits, got "
                        + bits.length);
            }
        }

        /** Unit {@code n} of row {@code r}, 0 or 1. */
        public int bit(int r, int n) {
            return bits[r * variables + n];
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

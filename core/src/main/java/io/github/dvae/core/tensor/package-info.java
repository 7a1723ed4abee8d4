/**
 * How the harness touches ND4J memory: matrix products through BLAS into preallocated arrays,
 * elementwise work through {@link io.github.dvae.core.tensor.ElementView} loops.
 */
package io.github.dvae.core.tensor;

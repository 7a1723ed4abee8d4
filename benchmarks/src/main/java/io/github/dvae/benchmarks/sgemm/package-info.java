/**
 * The machine's SGEMM rate and what it allows: {@link io.github.dvae.benchmarks.sgemm.GemmRate}
 * measures a float product through ND4J at a given OpenBLAS thread count, and
 * {@link io.github.dvae.benchmarks.sgemm.StepFlops} counts a training step's products, so that a
 * throughput can be stated as a fraction of the images a second the products alone would allow.
 */
package io.github.dvae.benchmarks.sgemm;

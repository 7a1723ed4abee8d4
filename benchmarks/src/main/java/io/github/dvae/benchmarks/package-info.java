/**
 * JMH benchmarks of the harness's hot paths (one concept per class, settings in
 * {@link io.github.dvae.benchmarks.AbstractBenchmark}), the training-throughput command that is
 * set beside PyTorch's figure on the same data, and a CPU-time comparison of estimators' steps
 * for machines that other jobs share.
 */
package io.github.dvae.benchmarks;

/**
 * JMH benchmarks of the harness's hot paths (one concept per class, settings in
 * {@link io.github.dvae.benchmarks.AbstractBenchmark}) and the training-throughput command that is
 * set beside PyTorch's figure on the same data.
 */
package io.github.dvae.benchmarks;

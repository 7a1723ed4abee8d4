/** Training throughput of one estimator and architecture: the measurement the commands share. */
package io.github.dvae.benchmarks.throughput;

/**
 * Side-by-side throughput against the PyTorch reference script: one training job written for both
 * programs ({@link io.github.dvae.benchmarks.sidebyside.MatchedJob}), the figures each prints
 * ({@link io.github.dvae.benchmarks.sidebyside.ReportedThroughput}), the pairs run in turn and
 * their summary ({@link io.github.dvae.benchmarks.sidebyside.PairedMeasurement}), and the machine
 * they ran on ({@link io.github.dvae.benchmarks.sidebyside.CpuModel}).
 */
package io.github.dvae.benchmarks.sidebyside;

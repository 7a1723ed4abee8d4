/**
 * Cost curves: how a training step's time grows with the batch size, with K at a fixed
 * N log2 K, with N and with the samples S, per estimator, beside the PyTorch reference script
 * where it implements the estimator. The plan of points ({@link
 * io.github.dvae.benchmarks.curves.CostPlan}), the table they are recorded in (CSV, rewritten
 * atomically after every point so a stopped run resumes), the PyTorch subprocess and the charts.
 * The command is {@link io.github.dvae.benchmarks.CostCurves}.
 */
package io.github.dvae.benchmarks.curves;

package io.github.dvae.benchmarks.curves;

/**
 * One point of a cost curve: the estimator as the user named it ({@code label}, the series),
 * the spec actually run (with {@code samples} set on the S curve), the architecture's written
 * form and the batch size.
 *
 * @param axis the curve
 * @param label the series: the estimator spec as given
 * @param spec the estimator spec run at this point
 * @param x the value varied (B, K, N or S)
 * @param architecture the written form of the architecture run
 * @param batch examples per step
 */
public record CostPoint(CostAxis axis, String label, String spec, int x, String architecture,
        int batch) {
}

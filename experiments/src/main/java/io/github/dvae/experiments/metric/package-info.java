/**
 * Metrics as extension points: a {@link io.github.dvae.experiments.metric.RunMetric} names a
 * quantity, its unit, when it is measured (every epoch, every probe, once after training) and how
 * the report summarises it, and computes it from a
 * {@link io.github.dvae.experiments.metric.RunContext}. Metrics are found through
 * {@link java.util.ServiceLoader}, in the order of their services file; the store records their
 * values by name, so a new metric changes neither the store's format nor the report's code.
 */
package io.github.dvae.experiments.metric;

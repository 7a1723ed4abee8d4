/**
 * Where a sweep's runs execute. The local engine is the {@code SweepRunner} itself; other engines
 * (Spark, in the {@code spark} module's jar) are plug-ins found by {@link java.util.ServiceLoader}
 * that execute each run through {@link RunTask}, the same single-run code path, and hand its
 * records to the driver, the store's only writer.
 */
package io.github.dvae.experiments.engine;

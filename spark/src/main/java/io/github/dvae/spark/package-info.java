/**
 * The {@code spark} sweep engine: a sweep's runs as Apache Spark tasks, one run per task and
 * partition, each trained by {@link io.github.dvae.experiments.engine.RunTask} (the local code
 * path) and returned to the driver as one line of JSON; the driver alone writes the store.
 */
package io.github.dvae.spark;

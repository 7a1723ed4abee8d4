/**
 * The results store: one directory per run holding its resolved configuration, its environment,
 * its metrics as JSON lines (one record per epoch, appended and flushed as training goes), its image
 * pixels, and last a summary whose presence marks the run complete. Whole files are written
 * atomically (temporary file, then an atomic move), so a crash leaves either the old file or the
 * new one, never half of one. The layout is described in {@link io.github.dvae.reports.store.ResultsStore}.
 */
package io.github.dvae.reports.store;

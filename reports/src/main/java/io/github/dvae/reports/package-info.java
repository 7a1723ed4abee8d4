/**
 * The results store and its report. {@link io.github.dvae.reports.store} owns the on-disk format
 * that runs write and reports read; {@link io.github.dvae.reports.stats} the statistics over seeds;
 * {@link io.github.dvae.reports.html} the HTML page, charts and image grids. Nothing here depends
 * on the model, the estimators or the runner, so a report can be rebuilt from a store alone.
 */
package io.github.dvae.reports;

/**
 * Two results stores compared configuration by configuration (main's and a branch's, in CI):
 * metric deltas with Welch intervals and tests, new and missing configurations, run time, as an
 * HTML page, a Markdown summary and CSV; a significant regression can gate a build.
 */
package io.github.dvae.reports.compare;

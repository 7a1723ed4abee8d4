/**
 * The report's sections, each one {@link io.github.dvae.reports.html.ReportSection} listed in
 * page order in {@code META-INF/services/io.github.dvae.reports.html.ReportSection}: the final
 * table (with Welch tests, LaTeX and Markdown), ELBO and gradient-variance figures as small
 * multiples, variance against bias, work-normalised variance, training speed, every other metric
 * generically, images, configuration, incomplete runs and the environment.
 */
package io.github.dvae.reports.section;

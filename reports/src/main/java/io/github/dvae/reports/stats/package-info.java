/** Statistics over seeds: means with Student-t confidence intervals. */
package io.github.dvae.reports.stats;

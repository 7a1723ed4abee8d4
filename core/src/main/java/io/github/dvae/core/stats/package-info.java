/** Statistics of gradient estimates: per-coordinate moments, and comparison with a reference. */
package io.github.dvae.core.stats;

/**
 * The HTML report of a results store: seeds of one configuration grouped, curves and final values
 * as means with 95% Student-t intervals, charts drawn with XChart and image grids with
 * {@code java.awt.image}, all written next to {@code index.html}. Rendering is headless.
 */
package io.github.dvae.reports.html;

/**
 * Figures as files: XChart charts, one or several as small multiples, written as SVG (through
 * VectorGraphics2D, XChart's vector back end) and PNG with the data behind them as CSV.
 */
package io.github.dvae.reports.figure;

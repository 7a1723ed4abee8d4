/**
 * Data sets: the built-in synthetic glyphs, MNIST-format IDX files, and binarisation of grey
 * levels into the binary pixels a Bernoulli decoder scores.
 */
package io.github.dvae.core.data;

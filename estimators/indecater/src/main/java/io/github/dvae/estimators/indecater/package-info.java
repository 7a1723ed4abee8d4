/**
 * IndeCateR (De Smet, Sansone and Zuidberg Dos Martires 2023): for each latent variable, the
 * exact expectation over its classes with the other variables sampled; unbiased.
 */
package io.github.dvae.estimators.indecater;

/**
 * Neural-network building blocks with explicit forward and backward passes: dense layers, MLPs and
 * the Adam optimiser. Every backward pass is checked against central finite differences in tests.
 */
package io.github.dvae.core.nn;

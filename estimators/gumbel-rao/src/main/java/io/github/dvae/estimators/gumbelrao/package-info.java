/**
 * Gumbel-Rao (Paulus, Maddison and Krause 2021, GR-MCK): straight-through Gumbel-Softmax with its
 * backward pass Rao-Blackwellised over the Gumbel noise given the hard sample.
 */
package io.github.dvae.estimators.gumbelrao;

/** Gumbel-Softmax (Concrete) relaxations: relaxed and straight-through, with temperature annealing. */
package io.github.dvae.estimators.gumbel;

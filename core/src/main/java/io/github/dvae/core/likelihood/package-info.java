/** Observation models {@code log p(x|z)} computed from decoder logits, with their gradients. */
package io.github.dvae.core.likelihood;

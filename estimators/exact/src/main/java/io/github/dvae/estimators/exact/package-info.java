/** The exact gradient by enumeration: ground truth for tiny latent spaces. */
package io.github.dvae.estimators.exact;

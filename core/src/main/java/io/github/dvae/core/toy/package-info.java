/**
 * Objectives that are plain functions of the latent sample: the toy problems on which estimators
 * are checked against closed-form gradients and variances.
 */
package io.github.dvae.core.toy;

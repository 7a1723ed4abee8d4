/**
 * Mid-run checkpoints: one file per run, replaced atomically, that lets an interrupted run continue
 * bit-identically. The file names its format version and the configuration's fingerprint and ends
 * with a checksum, so a checkpoint of another configuration or version, or a damaged one, is
 * refused with a message instead of being loaded.
 */
package io.github.dvae.experiments.checkpoint;

/**
 * What the user sees while a sweep runs: one self-describing line per epoch, probe and finished
 * run (readable in CI logs, where runs in parallel interleave), and on a terminal a status line
 * with the sweep's progress and estimated time left, redrawn in place.
 */
package io.github.dvae.experiments.progress;

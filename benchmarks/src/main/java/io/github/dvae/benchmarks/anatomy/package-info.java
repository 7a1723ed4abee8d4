/**
 * Step anatomy: where a training step's wall time goes, by phase of the step and kind of work,
 * from JFR's samples of the stepping thread ({@link
 * io.github.dvae.benchmarks.anatomy.StepSamples}), and its figure. The command is {@link
 * io.github.dvae.benchmarks.StepAnatomy}.
 */
package io.github.dvae.benchmarks.anatomy;

/**
 * The command line (picocli): the sweep is the default command, with {@code report} (rebuild a
 * report from a store) and {@code estimators} (list plug-ins and the environment) beside it. A
 * bad value gets one line naming it and what is allowed, and exit code 2; a failed run exit code
 * 1. Commands write to the command line's own writers, so tests can read them.
 */
package io.github.dvae.experiments.cli;

/**
 * A run's state written out and read back exactly: named sections of doubles, floats, longs and
 * bytes that a checkpoint is made of. Reading checks every section's name and length against what
 * the reader expects, so state saved by another configuration or another version of a component
 * is refused with the section that differs, never loaded into the wrong place.
 */
package io.github.dvae.core.state;

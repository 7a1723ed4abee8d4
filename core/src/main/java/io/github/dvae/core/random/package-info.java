/**
 * Seeded random streams. Every run owns its stream; parallel work must use different stream
 * instances (from {@link io.github.dvae.core.random.RandomStream#split()}), never a shared global
 * generator such as {@code Nd4j.getRandom()}.
 */
package io.github.dvae.core.random;

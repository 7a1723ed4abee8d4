package io.github.dvae.benchmarks.throughput;

/**
 * What {@link ThroughputMeasurement} measured: images per second over the timed steps (wall
 * time, whole steps), the mean milliseconds per step, and the last step's training ELBO (nats
 * per example, a check that training ran).
 */
public record ThroughputResult(double imagesPerSecond, double millisPerStep, double lastElbo) {
}

package io.github.dvae.benchmarks.anatomy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A thread's samples over some steps, counted by {@link StepPhase} and {@link WorkKind}.
 * Immutable.
 *
 * @param counts samples per phase and kind
 * @param truncated samples whose stack JFR cut (charged by the frames it kept)
 */
public record StepSamples(Map<StepPhase, Map<WorkKind, Integer>> counts, int truncated) {

    public StepSamples {
        Map<StepPhase, Map<WorkKind, Integer>> copy = new EnumMap<>(StepPhase.class);
        counts.forEach((phase, kinds) -> copy.put(phase, Map.copyOf(kinds)));
        counts = Map.copyOf(copy);
    }

    /** Samples charged to {@code phase} and {@code kind}. */
    public int count(StepPhase phase, WorkKind kind) {
        return counts.getOrDefault(phase, Map.of()).getOrDefault(kind, 0);
    }

    /** Samples charged to {@code phase}, every kind. */
    public int count(StepPhase phase) {
        return counts.getOrDefault(phase, Map.of()).values().stream().mapToInt(Integer::intValue)
                .sum();
    }

    /** Every sample counted. */
    public int total() {
        return counts.values().stream().flatMap(m -> m.values().stream())
                .mapToInt(Integer::intValue).sum();
    }

    /** The samples taken within any of {@code intervals} ({@code [start, end)} pairs). */
    public static StepSamples of(List<ThreadSample> samples, List<Instant[]> intervals) {
        Map<StepPhase, Map<WorkKind, Integer>> counts = new EnumMap<>(StepPhase.class);
        int truncated = 0;
        for (ThreadSample s : samples) {
            if (intervals.stream().noneMatch(i -> !s.time().isBefore(i[0])
                    && s.time().isBefore(i[1]))) {
                continue;
            }
            if (s.truncated()) {
                truncated++;
            }
            counts.computeIfAbsent(StepPhase.of(s.frames()), p -> new EnumMap<>(WorkKind.class))
                    .merge(WorkKind.of(s.inNative(), s.frames()), 1, Integer::sum);
        }
        return new StepSamples(counts, truncated);
    }
}

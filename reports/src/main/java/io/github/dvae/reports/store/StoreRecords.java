package io.github.dvae.reports.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Records as one line of the store's JSON and back, exactly as the run files hold them: for
 * records that travel outside a run directory (a checkpoint, a Spark task's result) and are
 * written into one later, unchanged.
 */
public final class StoreRecords {

    private StoreRecords() {
    }

    /** One line of JSON, no line break, as {@code epochs.jsonl} and {@code probes.jsonl} hold. */
    public static String line(Object record) {
        return StoreJson.line(record);
    }

    /**
     * The record a {@link #line} holds.
     *
     * @throws StoreFormatException if the line is not such a record
     */
    public static <T> T read(String line, Class<T> type) throws IOException {
        try {
            return StoreJson.read(line, type);
        } catch (IOException e) {
            throw new StoreFormatException("not a " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * What a run computed, wall times left out (the records' seconds and every metric whose
     * unit is seconds): each epoch's and probe's position and values, the basket's records
     * (without their timed values), the images and the summary's epochs, steps and values. Two executions of one configuration (resumed from a
     * checkpoint, on another engine) must give equal lists.
     */
    public static List<Object> results(StoredRun run) {
        Set<String> wallTimes = run.metrics().stream().filter(m -> m.unit().equals("seconds"))
                .map(MetricSpec::name).collect(Collectors.toSet());
        List<Object> all = new ArrayList<>();
        for (EpochRecord e : run.epochs()) {
            all.add(List.of("epoch", e.epoch(), e.step(), without(e.values(), wallTimes)));
        }
        for (ProbeRecord p : run.probes()) {
            all.add(List.of("probe", p.epoch(), p.step(), without(p.values(), wallTimes)));
        }
        for (BasketRecord b : run.basket()) {
            all.add(List.of("basket", b.epoch(), b.step(), b.estimator(),
                    without(b.values(), BasketRecord.TIMED)));
        }
        all.add(java.util.Optional.ofNullable(run.images()));
        RunSummary s = run.summary();
        all.add(s == null ? "incomplete"
                : List.of("summary", s.epochs(), s.steps(), without(s.values(), wallTimes)));
        return all;
    }

    private static Map<String, Double> without(Map<String, Double> values, Set<String> names) {
        Map<String, Double> kept = new TreeMap<>(values);
        kept.keySet().removeAll(names);
        return kept;
    }
}

package io.github.dvae.benchmarks.sidebyside;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The counted pairs of a side-by-side measurement (each program run once, in turn, as a whole
 * process) and their summary: each side's median images/s, the median and the minimum of the
 * pairwise ratios (this harness over PyTorch), and the median ratio of whole-process wall times
 * (start-up and data loading included).
 */
public record PairedMeasurement(List<Pair> pairs) {

    /**
     * One pair: each program's own images/s over its timed steps and its process's wall time,
     * seconds; {@code pytorchForm} names the script's form kept ({@code dense} or
     * {@code gather}, the better when both ran).
     */
    public record Pair(double harness, double harnessSeconds, double pytorch,
            double pytorchSeconds, String pytorchForm) {

        /** This harness's images/s over PyTorch's. */
        public double ratio() {
            return harness / pytorch;
        }

        /** PyTorch's process wall time over this harness's. */
        public double wallRatio() {
            return pytorchSeconds / harnessSeconds;
        }
    }

    /** Where and how a measurement was taken, for its row. */
    public record Circumstances(String date, String preset, MatchedJob job, int threads,
            int steps, int warmup, CpuModel cpu, String harnessOpenBlas,
            String pytorchOpenBlas) {
    }

    /** CSV columns, in {@link #csvLine}'s order. */
    public static final String CSV_HEADER = "date,preset,estimator,batch,threads,warmup,steps,"
            + "pairs,harness_images_per_s_median,pytorch_images_per_s_median,pytorch_form,"
            + "ratio_median,ratio_min,process_ratio_median,cpu_model_name,cpu_family,cpu_model,"
            + "harness_openblas,pytorch_openblas,differences";

    public PairedMeasurement {
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a paired measurement needs at least one pair");
        }
    }

    public double harnessMedian() {
        return median(Pair::harness);
    }

    public double pytorchMedian() {
        return median(Pair::pytorch);
    }

    /** The median of the pairwise ratios: each pair ran under the same machine load. */
    public double ratioMedian() {
        return median(Pair::ratio);
    }

    public double ratioMin() {
        return pairs.stream().mapToDouble(Pair::ratio).min().orElseThrow();
    }

    public double processRatioMedian() {
        return median(Pair::wallRatio);
    }

    /** The script's forms kept, with how many pairs each: {@code gather} or {@code dense 2, gather 1}. */
    public String pytorchForms() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Pair p : pairs) {
            counts.merge(p.pytorchForm(), 1, Integer::sum);
        }
        if (counts.size() == 1) {
            return counts.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((form, n) -> parts.add(form + " " + n));
        return String.join(", ", parts);
    }

    /** One row of the benchmarks README's side-by-side table. */
    public String markdownRow(Circumstances c) {
        return String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f (%s) | **%.2fx** (min %.2fx)"
                + " | %.2fx | %s | %s | %s | %s, %d threads, %d+%d steps, %d pairs |",
                c.preset(), c.job().harnessEstimator(), c.job().batch(), harnessMedian(),
                pytorchMedian(), pytorchForms(), ratioMedian(), ratioMin(), processRatioMedian(),
                c.cpu(), c.harnessOpenBlas(), c.pytorchOpenBlas(), c.date(), c.threads(),
                c.warmup(), c.steps(), pairs.size());
    }

    /** The header of {@link #markdownRow}'s table. */
    public static String markdownHeader() {
        return "| preset | estimator | batch | this harness (images/s, median) | PyTorch "
                + "(images/s, median; form) | ratio (median of pairs; min) | whole processes |"
                + " CPU | OPENBLAS_* (harness) | OPENBLAS_* (PyTorch) | date, settings |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|";
    }

    /** One line under {@link #CSV_HEADER}. */
    public String csvLine(Circumstances c) {
        return String.join(",", quoted(c.date()), quoted(c.preset()),
                quoted(c.job().harnessEstimator()), Integer.toString(c.job().batch()),
                Integer.toString(c.threads()), Integer.toString(c.warmup()),
                Integer.toString(c.steps()), Integer.toString(pairs.size()),
                number(harnessMedian()), number(pytorchMedian()), quoted(pytorchForms()),
                number(ratioMedian()), number(ratioMin()), number(processRatioMedian()),
                quoted(c.cpu().name()), quoted(c.cpu().family()), quoted(c.cpu().model()),
                quoted(c.harnessOpenBlas()), quoted(c.pytorchOpenBlas()),
                quoted(c.job().differencesText()));
    }

    private double median(ToDoubleFunction<Pair> f) {
        double[] v = pairs.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}

package io.github.dvae.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.tensor.VectorApiHint;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.junit.jupiter.api.Test;

/** JMH's forked JVMs run core's Vector API exp/log, as exec:java users do. */
class ForkJvmArgsTest {

    private static Set<BenchmarkListEntry> entries() {
        return BenchmarkList.defaultList().getAll(OutputFormatFactory.createFormatInstance(
                new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT), List.of());
    }

    /** The fork's JVM options the way JMH 1.37's Runner assembles them (prepend, args, append). */
    private static List<String> forkArgs(Options options, BenchmarkListEntry entry) {
        List<String> args = new ArrayList<>();
        args.addAll(options.getJvmArgsPrepend().orElse(entry.getJvmArgsPrepend()
                .orElse(List.of())));
        args.addAll(options.getJvmArgs().orElse(entry.getJvmArgs().orElse(List.of())));
        args.addAll(options.getJvmArgsAppend().orElse(entry.getJvmArgsAppend()
                .orElse(List.of())));
        return args;
    }

    @Test
    void everyBenchmarkForksWithTheModule() {
        Set<String> classes = new TreeSet<>();
        for (BenchmarkListEntry e : entries()) {
            Collection<String> prepend = e.getJvmArgsPrepend().orElse(List.of());
            assertTrue(prepend.contains(VectorApiHint.JVM_OPTION), e.getUsername() + ": "
                    + prepend);
            classes.add(e.getUserClassQName());
        }
        assertTrue(classes.containsAll(List.of(TrainingStepBenchmark.class.getName(),
                GradientProbeBenchmark.class.getName(), DecoderBenchmark.class.getName(),
                PaperShapeStepBenchmark.class.getName())), classes.toString());
    }

    /**
     * A user's {@code -jvmArgsAppend} reaches the fork and keeps the module; their
     * {@code -jvmArgsPrepend} replaces it (the way to measure the scalar fallback).
     */
    @Test
    void userJvmArgsStillWork() throws Exception {
        BenchmarkListEntry entry = entries().iterator().next();
        List<String> plain = forkArgs(new CommandLineOptions(), entry);
        assertEquals(VectorApiHint.JVM_OPTION, plain.get(0), plain.toString());
        assertTrue(plain.contains("-Xmx2g"), plain.toString());

        List<String> appended = forkArgs(new CommandLineOptions("-jvmArgsAppend",
                "-XX:+UseParallelGC -Dx=1"), entry);
        assertTrue(appended.containsAll(List.of(VectorApiHint.JVM_OPTION, "-XX:+UseParallelGC",
                "-Dx=1", "-Xmx2g")), appended.toString());

        List<String> prepended = forkArgs(new CommandLineOptions("-jvmArgsPrepend",
                "-Dscalar"), entry);
        assertFalse(prepended.contains(VectorApiHint.JVM_OPTION), prepended.toString());
        assertEquals("-Dscalar", prepended.get(0));
    }
}

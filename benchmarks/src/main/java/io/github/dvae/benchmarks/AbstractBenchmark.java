package io.github.dvae.benchmarks;

import io.github.dvae.core.tensor.OpenBlasThreads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH settings shared by every benchmark of the harness: average time per operation in
 * milliseconds, a warm-up long enough for C2 to compile the kernels and for every buffer to be
 * allocated, and one fork with a heap big enough for the seed architecture. Override per class
 * where a benchmark needs otherwise; from the command line {@code -f}, {@code -wi}, {@code -i}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public abstract class AbstractBenchmark {

    static {
        // In each forked JVM, before a benchmark's setup loads ND4J (see OpenBlasThreads).
        OpenBlasThreads.configure();
    }
}

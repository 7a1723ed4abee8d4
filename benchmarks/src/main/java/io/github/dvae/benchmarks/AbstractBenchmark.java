package io.github.dvae.benchmarks;

import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.core.tensor.VectorApiHint;
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
 *
 * <p>The fork adds {@code jdk.incubator.vector}, as {@code mvn exec:java} does
 * ({@code .mvn/jvm.config}), so that JMH measures core's Vector API exp/log, the path users run.
 * It is prepended, not appended: JMH's {@code -jvmArgsAppend} (and {@code -jvmArgs}) on the
 * command line replace the annotation's value of the same name, and a user's
 * {@code -jvmArgsAppend -XX:...} should not silently drop the module. {@code -jvmArgsPrepend
 * -Dscalar} (any value) replaces it, measuring the scalar fallback.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"},
        jvmArgsPrepend = VectorApiHint.JVM_OPTION)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public abstract class AbstractBenchmark {

    static {
        // In each forked JVM, before a benchmark's setup loads ND4J (see OpenBlasThreads).
        OpenBlasThreads.configure();
    }
}

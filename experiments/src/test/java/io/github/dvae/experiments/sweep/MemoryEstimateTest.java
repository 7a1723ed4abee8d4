package io.github.dvae.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory estimate counts what a run allocates and names the limit it passes. */
class MemoryEstimateTest {

    @TempDir
    Path dir;

    @Test
    void parametersAreCountedLayerByLayerAndRunsAtOnceMultiply() {
        // small: 784-200-(20x10)-200-784, categorical: encoder 784x200 + 200x200, decoder
        // 200x200 + 200x784, with biases.
        SweepPlan plan = SweepPlan.prepare(SweepFixtures.tiny(List.of("reinforce"),
                List.of(1L, 2L), dir));
        long p = 784L * 200 + 200 + 200L * 200 + 200 + 200L * 200 + 200 + 200L * 784 + 784;
        MemoryEstimate one = MemoryEstimate.of(plan, 1);
        assertEquals(p, one.parameters());
        assertEquals(16 * p, one.heapBytes(), "Adam's moments and the heap mirrors");
        MemoryEstimate two = MemoryEstimate.of(plan, 8);
        assertEquals(2, two.runsAtOnce(), "no more at once than there are runs");
        assertEquals(2 * one.heapBytes(), two.heapBytes());
        assertEquals(2 * one.nativeBytes(), two.nativeBytes());
        one.requireWithinThisMachine(); // a tiny sweep fits anywhere
    }

    @Test
    void eachLimitIsNamedWithItsFigure() {
        MemoryEstimate e = new MemoryEstimate(1_000_000, 3L << 30, 5L << 30, 2);
        InvalidSweepException heap = assertThrows(InvalidSweepException.class,
                () -> e.requireWithin(2L << 30, 0, 0));
        assertTrue(heap.getMessage().contains("about 3.0 GB of Java heap") && heap.getMessage()
                .contains("may use 2.0 GB (-Xmx)"), heap.getMessage());
        InvalidSweepException nativeLimit = assertThrows(InvalidSweepException.class,
                () -> e.requireWithin(4L << 30, 4L << 30, 0));
        assertTrue(nativeLimit.getMessage().contains("about 5.0 GB of native memory")
                && nativeLimit.getMessage().contains("may allocate 4.0 GB"),
                nativeLimit.getMessage());
        InvalidSweepException machine = assertThrows(InvalidSweepException.class,
                () -> e.requireWithin(4L << 30, 6L << 30, 7L << 30));
        assertTrue(machine.getMessage().contains("about 8.0 GB of memory")
                && machine.getMessage().contains("the machine has 7.0 GB"), machine.getMessage());
        e.requireWithin(4L << 30, 6L << 30, 9L << 30);
    }
}

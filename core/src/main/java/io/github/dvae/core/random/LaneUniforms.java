package io.github.dvae.core.random;

import io.github.dvae.core.tensor.ArrayExpLog;

/**
 * Uniforms on the open interval (0, 1) in bulk, from {@value #LANES} xoroshiro128++ generators
 * run side by side: element {@code j} of a fill is lane {@code j % 8}'s draw number {@code j / 8}.
 * A single xoroshiro128++ cannot go faster than its own dependency chain (about 2.5 ns a double
 * on one thread, AMD EPYC Zen 4, once converted); eight independent lanes fill one 512-bit vector
 * a step, about 0.5 ns a double through the Vector API.
 *
 * <p>The lanes' states are drawn from the calling stream ({@value #LANES} pairs of its longs,
 * each through SplitMix64's finaliser) at every fill and dropped after it, so the stream's state
 * stays the one generator's ({@link RandomStream#saveState()} holds all of it) and a fill is
 * determined by the stream's state and the count alone. Each value is
 * {@code ((r >>> 12) + 1/2) 2^-52} of a lane's 64-bit output r, as
 * {@link RandomStream#nextOpenDouble()} makes it: 2^52 equally likely values in
 * {@code [2^-53, 1 - 2^-53]}.
 *
 * <p>The vector path (where the JVM has {@code jdk.incubator.vector} and 512-bit long vectors)
 * and the scalar loop compute the same integer operations and the same exact conversion, so they
 * give the same bits (tested).
 */
final class LaneUniforms {

    /** Generators run side by side; fixed, so the numbers do not depend on the machine. */
    static final int LANES = 8;

    private static final boolean VECTOR = ArrayExpLog.vectorised() && VectorLanes.available();

    private LaneUniforms() {
    }

    /**
     * Fills {@code out[from, from + count)} with uniforms on (0, 1), the lanes seeded from
     * {@code seedSource}.
     */
    static void fill(RandomStream seedSource, double[] out, int from, int count) {
        long[] s0 = new long[LANES];
        long[] s1 = new long[LANES];
        seed(seedSource, s0, s1);
        int done = VECTOR ? VectorLanes.fill(s0, s1, out, from, count) : 0;
        scalarFill(s0, s1, out, from + done, count - done);
    }

    /** The lanes' states: two mixed longs of the stream each, never the all-zero state. */
    static void seed(RandomStream source, long[] s0, long[] s1) {
        for (int lane = 0; lane < LANES; lane++) {
            long a = RandomStream.mix(source.nextLong());
            long b = RandomStream.mix(source.nextLong());
            if ((a | b) == 0) {
                // xoroshiro's one fixed point (probability 2^-128).
                a = 0x9E3779B97F4A7C15L;
            }
            s0[lane] = a;
            s1[lane] = b;
        }
    }

    /**
     * The fallback, and the vector path's tail: whole steps of the lanes from their states
     * {@code s0, s1} (advanced in place), the last step's unused draws discarded. {@code count}
     * must be a multiple of {@value #LANES} unless this is the fill's last call.
     */
    static void scalarFill(long[] s0, long[] s1, double[] out, int from, int count) {
        for (int base = 0; base < count; base += LANES) {
            int lanes = Math.min(LANES, count - base);
            for (int lane = 0; lane < lanes; lane++) {
                long a = s0[lane];
                long b = s1[lane];
                long r = Long.rotateLeft(a + b, 17) + a;
                b ^= a;
                s0[lane] = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
                s1[lane] = Long.rotateLeft(b, 28);
                out[from + base + lane] = ((r >>> 12) + 0.5) * 0x1.0p-52;
            }
        }
    }
}

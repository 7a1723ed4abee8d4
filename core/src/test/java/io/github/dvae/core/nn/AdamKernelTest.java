package io.github.dvae.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AdamKernel} and the staged loop give the bits of the scalar update, at every chunk
 * length to 40 and at unaligned moment offsets, over several steps (moments fed back), with
 * gradients of every size including zero and subnormal.
 */
class AdamKernelTest {

    private static final float B1 = 0.9f;
    private static final float B2 = 0.999f;
    private static final float EPS = 1e-8f;

    @Test
    void vectorAndStagedUpdatesGiveTheScalarBits() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests run with the Vector API (core/pom.xml), else this tests nothing");
        Random random = new Random(13);
        for (int count = 0; count <= 40; count++) {
            for (int at : new int[] {0, 1, 3, 7, 8, 13}) {
                int n = at + count + 5;
                float[] m0 = new float[n];
                float[] v0 = new float[n];
                float[] p0 = new float[count];
                for (int i = 0; i < n; i++) {
                    m0[i] = (float) random.nextGaussian() * 1e-2f;
                    v0[i] = (float) Math.abs(random.nextGaussian()) * 1e-4f;
                }
                for (int i = 0; i < count; i++) {
                    p0[i] = (float) random.nextGaussian();
                }
                float[][] reference = {m0.clone(), v0.clone(), p0.clone()};
                float[][] vector = {m0.clone(), v0.clone(), p0.clone()};
                float[][] staged = {m0.clone(), v0.clone(), p0.clone()};
                for (int t = 1; t <= 3; t++) {
                    float[] g = gradient(random, count);
                    float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                    float correction = (float) (1 / Math.sqrt(1 - Math.pow(0.999, t)));
                    Adam.update(g, reference[2], reference[0], reference[1], at, 0, count, B1, B2,
                            stepSize, correction, EPS);
                    int done = AdamKernel.update(g, vector[2], vector[0], vector[1], at, count,
                            B1, B2, stepSize, correction, EPS);
                    Adam.update(g, vector[2], vector[0], vector[1], at, done, count, B1, B2,
                            stepSize, correction, EPS);
                    Adam.stagedUpdate(g, staged[2], new float[count], new float[count],
                            staged[0], staged[1], at, count, B1, B2, stepSize, correction, EPS);
                }
                String where = "count " + count + ", offset " + at;
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(reference[k], vector[k], 0f, where + " (vector)");
                    assertArrayEquals(reference[k], staged[k], 0f, where + " (staged)");
                }
                // The moments outside the chunk are untouched.
                for (int i = 0; i < n; i++) {
                    if (i < at || i >= at + count) {
                        assertTrue(vector[0][i] == m0[i] && vector[1][i] == v0[i], where);
                    }
                }
            }
        }
    }

    private static float[] gradient(Random random, int count) {
        float[] g = new float[count];
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(5)) {
                case 0 -> g[i] = 0f;
                case 1 -> g[i] = Float.MIN_VALUE * random.nextInt(1000);
                case 2 -> g[i] = (float) random.nextGaussian() * 1e3f;
                default -> g[i] = (float) random.nextGaussian();
            }
        }
        return g;
    }
}

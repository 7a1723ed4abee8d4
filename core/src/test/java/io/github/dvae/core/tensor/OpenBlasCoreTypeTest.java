package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel choice: AVX-512F gives SkylakeX, unless the user chose; no CPU facts, no choice. */
class OpenBlasCoreTypeTest {

    private static final String ZEN5 = "fpu vme sse2 avx2 avx512f avx512dq avx512bw avx512vl";
    private static final String XEON_AVX2 = "fpu vme sse2 avx avx2 fma bmi2";

    @Test
    void avx512fChoosesSkylakeX() {
        assertEquals("SkylakeX", OpenBlasCoreType.choose(null, Optional.of(ZEN5)));
    }

    @Test
    void aValueTheUserSetIsKept() {
        assertEquals("Haswell", OpenBlasCoreType.choose("Haswell", Optional.of(ZEN5)));
        assertEquals("Zen", OpenBlasCoreType.choose("Zen", Optional.empty()));
    }

    @Test
    void withoutAvx512fOrCpuInfoNothingIsChosen() {
        assertNull(OpenBlasCoreType.choose(null, Optional.of(XEON_AVX2)));
        assertNull(OpenBlasCoreType.choose(null, Optional.of("avx512foo avx512")));
        assertNull(OpenBlasCoreType.choose(null, Optional.empty()));
    }
}

package io.github.dvae.core.tensor;

import com.sun.jna.Function;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses OpenBLAS's kernels: {@code OPENBLAS_CORETYPE=SkylakeX} (its AVX-512 sgemm) when the CPU
 * reports {@code avx512f} and the user did not set the variable.
 *
 * <p>Why: OpenBLAS 0.3.19, which ND4J ships, does not recognise recent AVX-512 CPUs (AMD Zen 4
 * and 5) and falls back to its Haswell (AVX2) kernels; on an EPYC Zen 5 with 2 threads, large
 * sgemm ran at about 200 GFLOP/s with {@code SkylakeX} against 116 with {@code Haswell}
 * (measured, quiet machine). A value the user set is kept, so a machine pinned to {@code Haswell}
 * (as the test and CI machines are) stays there. Like {@link OpenBlasThreads}, the variable is
 * read once, when OpenBLAS loads: {@link OpenBlasThreads#configure()} calls {@link #configure()}
 * first thing in a {@code main}.
 */
public final class OpenBlasCoreType {

    /** The variable OpenBLAS's dynamic-architecture build reads at load time. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    /** OpenBLAS's name for its AVX-512 kernels. */
    public static final String AVX512 = "SkylakeX";

    private static final Logger LOG = LoggerFactory.getLogger(OpenBlasCoreType.class);

    /** What this process's OpenBLAS was given, or null: process-wide, like the environment. */
    private static volatile String effective = System.getenv(VARIABLE);

    private OpenBlasCoreType() {
    }

    /**
     * The value of {@code OPENBLAS_CORETYPE} in this process's environment (the user's, or the
     * one {@link #configure()} set), or null: OpenBLAS then picks from the CPU id.
     */
    public static String effectiveValue() {
        return effective;
    }

    /**
     * The kernels the loaded OpenBLAS runs ({@code openblas_get_corename}, e.g. {@code Haswell}),
     * which loads ND4J; empty if the symbol cannot be found.
     */
    public static Optional<String> loadedCoreName() {
        Nd4j.factory();
        Pointer address = Loader.addressof("openblas_get_corename");
        if (address == null || address.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Function.getFunction(new com.sun.jna.Pointer(
                address.address())).invokeString(new Object[0], false)).map(String::trim);
    }

    /**
     * Sets {@code OPENBLAS_CORETYPE=SkylakeX} if the user did not set it and the CPU has
     * AVX-512F; does nothing where {@code /proc/cpuinfo} cannot be read. Harmless if ND4J is
     * already loaded (it then has no effect).
     *
     * @return whether the variable was set here
     */
    public static boolean configure() {
        Optional<String> flags = CpuInfo.flags();
        String chosen = choose(System.getenv(VARIABLE), flags);
        if (chosen == null) {
            LOG.debug("{} left unset: {}", VARIABLE, flags.isEmpty() ? "no /proc/cpuinfo"
                    : "no avx512f");
            return false;
        }
        if (System.getenv(VARIABLE) != null) {
            LOG.debug("{}={} kept, as the user set it", VARIABLE, chosen);
            return false;
        }
        if (!OpenBlasThreads.setenv(VARIABLE, chosen)) {
            return false;
        }
        effective = chosen;
        LOG.debug("{}={} chosen: the CPU reports avx512f", VARIABLE, chosen);
        return true;
    }

    /**
     * The core type OpenBLAS should run with: the user's value when set, {@link #AVX512} when
     * the CPU's flags (the {@code flags} line of {@code /proc/cpuinfo}) include {@code avx512f},
     * otherwise null (leave OpenBLAS to choose).
     */
    static String choose(String userValue, Optional<String> cpuFlags) {
        if (userValue != null) {
            return userValue;
        }
        if (cpuFlags.isEmpty()) {
            return null;
        }
        for (String flag : cpuFlags.get().trim().split("\\s+")) {
            if (flag.equals("avx512f")) {
                return AVX512;
            }
        }
        return null;
    }
}

package io.github.dvae.benchmarks.anatomy;

import java.util.List;

/** What a sampled thread was doing: a matrix product, another native call, or Java code. */
public enum WorkKind {
    /** Inside an OpenBLAS product issued by core's {@code MatrixProduct}. */
    PRODUCTS("matrix products (OpenBLAS)"),
    /** Inside another native call (ND4J's own operations, allocation). */
    NATIVE("other native calls"),
    /** Running Java code: the harness's elementwise kernels and its bookkeeping. */
    JAVA("Java kernels");

    private final String label;

    WorkKind(String label) {
        this.label = label;
    }

    /** What the kind is, in words. */
    public String label() {
        return label;
    }

    /**
     * The kind of a sample.
     *
     * @param inNative whether the thread was in native code (JFR's {@code NativeMethodSample})
     * @param frames {@code fully.qualified.Type.method} names, innermost frame first
     */
    public static WorkKind of(boolean inNative, List<String> frames) {
        if (!inNative) {
            return JAVA;
        }
        return frames.contains("io.github.dvae.core.tensor.MatrixProduct.gemm") ? PRODUCTS
                : NATIVE;
    }
}

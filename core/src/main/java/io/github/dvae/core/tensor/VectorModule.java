package io.github.dvae.core.tensor;

/**
 * Whether this JVM has {@code jdk.incubator.vector} in its boot layer (started with
 * {@code --add-modules jdk.incubator.vector}): the condition on which a class that refers to the
 * Vector API may be loaded at all (without the module it fails to load). Every kernel of the
 * library computes the same bits on the Vector API as its scalar loop, so this decides speed,
 * never results.
 */
public final class VectorModule {

    /** Whether the module is present; fixed for the life of the JVM. */
    public static final boolean PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorModule() {
    }
}

package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VectorApiHintTest {

    /** One line naming the program and the flag, only where the module is absent on x86. */
    @Test
    void aNoteOnlyWhereTheModuleIsAbsentOnX86() {
        String note = VectorApiHint.hint("dvae", false, "amd64").orElseThrow();
        assertTrue(note.startsWith("dvae: note: "), note);
        assertTrue(note.contains("--add-modules jdk.incubator.vector"), note);
        assertEquals(1, note.lines().count(), note);
        assertTrue(VectorApiHint.hint("dvae", false, "x86_64").isPresent());
        assertEquals(Optional.empty(), VectorApiHint.hint("dvae", true, "amd64"));
        assertEquals(Optional.empty(), VectorApiHint.hint("dvae", false, "aarch64"));
    }

    /** Core's tests run with the module (its surefire argLine): nothing to say here. */
    @Test
    void thisJvmPrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VectorApiHint.printIfAbsent("dvae", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}

package io.github.dvae.core.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EstimatorSpecTest {

    @Test
    void parsesIdAndOptionsAndWritesThemBackSorted() {
        EstimatorSpec s = EstimatorSpec.parse(" reinforce:samples=4, baseline=loo ");
        assertEquals("reinforce", s.id());
        assertEquals(new TreeMap<>(Map.of("baseline", "loo", "samples", "4")), s.options());
        assertEquals("reinforce:baseline=loo,samples=4", s.toString());
        assertEquals("gumbel-softmax", EstimatorSpec.parse("gumbel-softmax").toString());
    }

    @Test
    void withAddsOrReplacesAnOption() {
        EstimatorSpec s = EstimatorSpec.parse("gumbel-softmax:tau=1.0").with("tau", "0.5");
        assertEquals("gumbel-softmax:tau=0.5", s.toString());
        assertTrue(s.sets("tau"));
    }

    @Test
    void malformedSpecsAreRefusedWithTheExpectedForm() {
        for (String bad : new String[] {"", "Reinforce", "reinforce:", "reinforce:baseline",
            "reinforce:=loo", "reinforce:samples=2,samples=3", "reinforce:baseline=loo,"}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> EstimatorSpec.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") || e.getMessage().contains("twice"),
                    e.getMessage());
        }
    }

    @Test
    void valuesHaveOneSpellingForTheFingerprint() {
        assertEquals("0.5", EstimatorOptions.canonical("0.50", "1.0"));
        assertEquals("1.0", EstimatorOptions.canonical("1", "1.0"), "the default's spelling");
        assertEquals("1e-5", EstimatorOptions.canonical("0.00001", "1e-5"));
        assertEquals("2.0", EstimatorOptions.canonical("2", "1.0"));
        assertEquals("4", EstimatorOptions.canonical("04", "1"), "an integer option");
        assertEquals("loo", EstimatorOptions.canonical(" loo ", "none"));
        assertEquals("NaN", EstimatorOptions.canonical("NaN", "1.0"), "left for validation");
    }
}

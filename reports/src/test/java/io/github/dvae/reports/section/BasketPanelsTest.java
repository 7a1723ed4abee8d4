package io.github.dvae.reports.section;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the basket's figures group estimator configurations. */
class BasketPanelsTest {

    @Test
    void aTemperatureIsTakenOutOfALabelWhereverItStands() {
        assertEquals("gumbel-softmax", TemperatureSection.withoutTemperature(
                "gumbel-softmax:tau=0.5"));
        assertEquals("gumbel-rao:samples=4", TemperatureSection.withoutTemperature(
                "gumbel-rao:samples=4,tau=0.5"));
        assertEquals("x:a=1,b=2", TemperatureSection.withoutTemperature("x:a=1,tau=2.0,b=2"));
        assertEquals("rebar", TemperatureSection.withoutTemperature("rebar"));
        assertEquals("x:tau-min=0.5", TemperatureSection.withoutTemperature(
                "x:tau-min=0.5,tau=1.0"));
    }

    @Test
    void panelsGroupTemperaturesAndNeverHoldMoreLinesThanThePaletteHasColours() {
        List<String> estimators = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            estimators.add("gumbel-softmax:tau=" + i + ".0");
        }
        estimators.addAll(List.of("reinforce:baseline=loo,samples=2", "rebar"));
        Map<String, List<String>> panels = BasketSection.panels(estimators);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        panels.forEach((k, v) -> sizes.put(k, v.size()));
        assertEquals(Map.of("gumbel-softmax", 10, "gumbel-softmax (2)", 2, "other estimators", 2),
                sizes);
        assertEquals(List.of("gumbel-softmax", "gumbel-softmax (2)", "other estimators"),
                List.copyOf(panels.keySet()));
        assertEquals(Map.of("every estimator", List.of("rebar", "indecater")),
                BasketSection.panels(List.of("rebar", "indecater")));
    }
}

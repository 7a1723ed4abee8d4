package io.github.dvae.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.stats.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveChartTest {

    @Test
    void pointsWithoutAFiniteMeanLeaveAGapInsteadOfBreakingTheChart() throws Exception {
        // log10 of a zero variance (a deterministic gradient) is -Infinity; a diverged run NaN.
        Curve curve = new Curve(List.of(0, 1, 2, 3), List.of(Interval.of(-3.0, -3.2),
                Interval.of(Double.NEGATIVE_INFINITY, -2.0), Interval.of(Double.NaN, 1.0),
                Interval.of(-1.5, -1.7)));
        assertEquals(List.of(0, 3), curve.finitePoints().x());
        byte[] png = new CurveChart("t", "epoch", "log10 variance",
                List.of(new CurveChart.Line("vq", curve))).png(400, 300);
        assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }
}

package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import java.util.Locale;

/** How the report writes text and numbers into HTML. */
public final class HtmlText {

    private HtmlText() {
    }

    /** {@code s} with the characters HTML gives a meaning escaped. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code v} with {@code digits} decimals, or its name when not finite. */
    public static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v)
                : String.valueOf(v);
    }

    /** Two decimals. */
    public static String fmt(double v) {
        return fmt(v, 2);
    }

    /** {@code [lower, upper]}, or a note that one value has no interval. */
    public static String interval(Interval i, int digits) {
        return i.bounded() ? "[" + fmt(i.lower(), digits) + ", " + fmt(i.upper(), digits) + "]"
                : "n=" + i.n() + ", no interval";
    }

    /** A right-aligned table cell. */
    public static String num(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    /** Decimals that suit a metric's unit: two for nats and seconds, three otherwise. */
    public static int digitsFor(String unit) {
        return unit.startsWith("nats") ? 2 : unit.equals("seconds") ? 4 : 3;
    }
}

package dev.rotor.bench;

import java.util.Locale;

/** Number formatting shared by the report's tables and text. */
final class Figures {
    private static final double THOUSAND = 1e3;
    private static final double PERCENT = 100;
    private static final String MISSING = "—";
    private static final String[] TIME_UNITS = {"ns", "µs", "ms", "s"};

    private Figures() { }

    /** A time in nanoseconds in the largest unit that keeps it at least 1, e.g. "3.42 ms". */
    static String time(double nanos) {
        double value = nanos;
        int unit = 0;
        while (value >= THOUSAND && unit < TIME_UNITS.length - 1) {
            value /= THOUSAND;
            unit++;
        }
        return significant(value) + " " + TIME_UNITS[unit];
    }

    /** Three significant digits, without exponent: 0.0123, 1.23, 12.3, 123, 1234. */
    static String significant(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2
                : Math.max(2, 2 - (int) Math.floor(Math.log10(magnitude)));
        return String.format(Locale.ROOT, "%." + (magnitude == 0 ? 0 : decimals) + "f", value);
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? MISSING : significant(ratio) + "×";
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? MISSING : significant(PERCENT * fraction) + "%";
    }

    /** The confidence half-width relative to the score, e.g. "±1.2%"; a dash when JMH had too few iterations. */
    static String relativeError(double error, double score) {
        return Double.isNaN(error) ? MISSING : String.format(Locale.ROOT, "±%.1f%%", PERCENT * error / score);
    }
}

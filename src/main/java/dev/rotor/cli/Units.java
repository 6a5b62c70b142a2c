package dev.rotor.cli;

import java.util.Locale;

/** The one place that turns numbers into text for people: sizes, rates, durations, counts, ratios. */
final class Units {
    private static final String[] SIZE_UNITS = {"B", "kB", "MB", "GB", "TB"};

    private Units() { }

    /** Decimal (SI) size, e.g. {@code 521.4 MB}; bytes below 1000 as {@code 12 B}. */
    static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 999.95 && unit < SIZE_UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : format("%.1f %s", value, SIZE_UNITS[unit]);
    }

    /** Throughput in decimal units per second, e.g. {@code 3.2 GB/s}; {@code -} when nothing was timed. */
    static String rate(long bytes, double seconds) {
        if (!(seconds > 0)) {
            return "-";
        }
        return bytes((long) (bytes / seconds)) + "/s";
    }

    /** GB/s (10^9 bytes) with two decimals, the unit benchmark tables use. */
    static String gigabytesPerSecond(double value) {
        return format("%.2f", value);
    }

    /** A duration chosen for readability: {@code 850 us}, {@code 12.3 ms}, {@code 4.56 s}, {@code 2m 05s}. */
    static String duration(double seconds) {
        if (seconds < 1e-3) {
            return format("%.0f us", seconds * 1e6);
        }
        if (seconds < 1) {
            return format("%.1f ms", seconds * 1e3);
        }
        if (seconds < 60) {
            return format("%.2f s", seconds);
        }
        long whole = Math.round(seconds);
        return whole < 3600 ? format("%dm %02ds", whole / 60, whole % 60)
                : format("%dh %02dm", whole / 3600, whole / 60 % 60);
    }

    /** Milliseconds with three decimals, the unit benchmark tables use. */
    static String millis(double seconds) {
        return format("%.3f ms", seconds * 1e3);
    }

    /** A count with thousands separators, e.g. {@code 2,085,683,200}. */
    static String count(long count) {
        return format("%,d", count);
    }

    /** A speedup or ratio, e.g. {@code 12.3x}; {@code -} if undefined. */
    static String times(double ratio) {
        return Double.isFinite(ratio) ? format(ratio >= 10 ? "%.0fx" : "%.1fx", ratio) : "-";
    }

    /** A fraction as a percentage, e.g. {@code 33.3%}. */
    static String percent(double fraction) {
        return format("%.1f%%", fraction * 100);
    }

    /** {@code 1 tensor} / {@code 3 tensors}. */
    static String plural(long count, String noun) {
        return count(count) + " " + noun + (count == 1 ? "" : "s");
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

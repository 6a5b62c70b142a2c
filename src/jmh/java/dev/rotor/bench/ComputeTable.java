package dev.rotor.bench;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The report's compute section: every result of the {@code dev.rotor.compute} benchmarks (int8 GEMV, the float
 * layer) as time per call and G weights/s ({@code rows * cols / time}), one line per parameter combination.
 */
final class ComputeTable {
    private static final String PACKAGE = "dev.rotor.compute.";

    private ComputeTable() { }

    static boolean isCompute(JsonNode run) {
        return run.path("benchmark").asText().startsWith(PACKAGE);
    }

    /** The section in Markdown, or "" if the run had no compute benchmark. */
    static String render(JsonNode runs) {
        return ResultSection.render(runs, ComputeTable::isCompute, "\n## Compute: matrix products on planes\n\n"
                + "G weights/s = rows x cols / time per call (one token). Kernel widths: the JVM's (see the backend line).\n\n"
                + "| benchmark | size | kernel | memory | threads | time per call | G weights/s |\n"
                + "|---|---|---|---|---|---|---|\n", ComputeTable::line);
    }

    private static String line(JsonNode run) {
        String benchmark = run.path("benchmark").asText().substring(PACKAGE.length());
        JsonNode p = run.path("params");
        double micros = ResultSection.millis(run) * 1e3;
        String size = p.path("size").asText();
        double weights = weights(size);
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f us | %s |", benchmark, size,
                p.path("kernel").asText("-"), p.path("memory").asText("-"), p.path("threads").asText("1"), micros,
                Double.isNaN(weights) ? "-" : String.format(Locale.ROOT, "%.1f", weights / micros / 1e3));
    }

    /** Weights of a {@code RxC} size, NaN for other sizes. */
    private static double weights(String size) {
        String[] rc = size.split("x");
        if (rc.length != 2) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(rc[0]) * Double.parseDouble(rc[1]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

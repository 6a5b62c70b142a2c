package dev.rotor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** A report section of its own for some benchmarks' results: a heading and table header, then one line per result. */
final class ResultSection {
    private ResultSection() { }

    /** The section in Markdown, or "" if no result {@code belongs}. */
    static String render(JsonNode runs, Predicate<JsonNode> belongs, String header, Function<JsonNode, String> line) {
        List<String> lines = new ArrayList<>();
        for (JsonNode run : runs) {
            if (belongs.test(run)) {
                lines.add(line.apply(run));
            }
        }
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(header);
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /** A result's average time in milliseconds, whatever unit JMH reported it in. */
    static double millis(JsonNode run) {
        JsonNode metric = run.path("primaryMetric");
        return metric.path("score").asDouble() * Measurement.nanosPerUnit(metric.path("scoreUnit").asText()) / 1e6;
    }
}

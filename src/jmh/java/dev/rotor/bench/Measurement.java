package dev.rotor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.CopyBenchmark;
import dev.rotor.KernelBenchmark;
import dev.rotor.ParallelBenchmark;
import dev.rotor.RotorBenchmark;
import dev.rotor.kernel.Direction;

/**
 * One benchmark result from JMH's JSON output: which conversion, at which size, by which series, and
 * the average time per operation with its 99.9% confidence half-width (NaN with a single iteration).
 */
public record Measurement(Direction direction, String size, Series series, double nanosPerOp, double errorNanos) {
    /** Average-time units JMH may report, in nanoseconds. */
    private static final Map<String, Double> NANOS_PER_UNIT = Map.of(
            "ns/op", 1.0, "us/op", 1e3, "ms/op", 1e6, "s/op", 1e9);

    /** Nanoseconds per JMH average-time unit ({@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op}). */
    static double nanosPerUnit(String unit) {
        Double scale = NANOS_PER_UNIT.get(unit);
        if (scale == null) {
            throw new IllegalArgumentException("unit " + unit
                    + " is not a time per operation; run JMH in mode avgt or sample");
        }
        return scale;
    }

    public Shape shape() {
        return Shape.of(size, direction);
    }

    /**
     * Every conversion result of JMH's JSON output for this suite (an unknown benchmark is an error); the compute
     * benchmarks' results are {@link ComputeTable}'s, the tokenizer's {@link TokenizerTable}'s.
     */
    public static List<Measurement> all(JsonNode runs) {
        List<Measurement> measurements = new ArrayList<>();
        for (JsonNode run : runs) {
            if (!ComputeTable.isCompute(run) && !TokenizerTable.isTokenizer(run)) {
                measurements.add(parse(run));
            }
        }
        return measurements;
    }

    static Measurement parse(JsonNode run) {
        String benchmark = run.path("benchmark").asText();
        JsonNode params = run.path("params");
        JsonNode metric = run.path("primaryMetric");
        String unit = metric.path("scoreUnit").asText();
        double scale;
        try {
            scale = nanosPerUnit(unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(benchmark + ": " + e.getMessage(), e);
        }
        Direction direction = Direction.valueOf(params.path("direction").asText());
        // JSON writes a missing error as the string "NaN", which asDouble() reads as NaN.
        return new Measurement(direction, params.path("size").asText(), series(benchmark, params),
                metric.path("score").asDouble() * scale, metric.path("scoreError").asDouble() * scale);
    }

    private static Series series(String benchmark, JsonNode params) {
        String benchmarkClass = benchmark.substring(0, benchmark.lastIndexOf('.'));
        if (benchmarkClass.equals(KernelBenchmark.class.getName())) {
            return Series.kernel(Implementation.valueOf(params.path("impl").asText()));
        }
        if (benchmarkClass.equals(RotorBenchmark.class.getName())) {
            return Series.api(Workload.Memory.valueOf(params.path("memory").asText()));
        }
        if (benchmarkClass.equals(ParallelBenchmark.class.getName())) {
            return Series.parallel(params.path("threads").asInt());
        }
        if (benchmarkClass.equals(CopyBenchmark.class.getName())) {
            return Series.COPY;
        }
        throw new IllegalArgumentException("unknown benchmark " + benchmark);
    }
}

package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.rotor.kernel.Direction;

/**
 * The report's arithmetic on a small JMH JSON fixture. At 2560x2560, 2-bit → planes reads 1,638,400 bytes
 * (6,553,600 weights), so times are chosen to give round figures: 163,840 ns is 10 GB/s and 40 G weights/s.
 */
class ComparisonTest {
    private static final double EPSILON = 1e-9;

    private static final String FIXTURE = """
            [
              %s,
              %s,
              %s,
              %s,
              %s
            ]""".formatted(
            run("dev.rotor.KernelBenchmark.convert", "\"impl\": \"REFERENCE\",", "BITNET_TO_PLANES", 16_384_000, "NaN", "ns/op"),
            run("dev.rotor.KernelBenchmark.convert", "\"impl\": \"VECTOR_256\",", "BITNET_TO_PLANES", 163_840, "1638.4", "ns/op"),
            run("dev.rotor.KernelBenchmark.convert", "\"impl\": \"SCALAR\",", "BITNET_TO_PLANES", 327.68, "NaN", "us/op"),
            run("dev.rotor.CopyBenchmark.copy", "", "BITNET_TO_PLANES", 81_920, "NaN", "ns/op"),
            run("dev.rotor.RotorBenchmark.convert", "\"memory\": \"HEAP\",", "PLANES_TO_INT8", 655_360, "NaN", "ns/op"));

    private static String run(String benchmark, String extraParam, String direction, double score, String error,
                              String unit) {
        return """
                {"benchmark": "%s", "mode": "avgt",
                 "params": {%s "direction": "%s", "size": "%s"},
                 "primaryMetric": {"score": %s, "scoreError": "%s", "scoreUnit": "%s"}}"""
                .formatted(benchmark, extraParam, direction, Shape.ATTENTION, score, error, unit);
    }

    private final Comparison comparison = new Comparison(Measurement.all(parse(FIXTURE)));

    @Test
    void throughputSpeedupAndCopyRatio() {
        Comparison.Row vector = row(Direction.BITNET_TO_PLANES, Series.kernel(Implementation.VECTOR_256));
        assertEquals(10.0, vector.gigabytesPerSecond(), EPSILON);
        assertEquals(40.0, vector.gigaWeightsPerSecond(), EPSILON);
        assertEquals(100.0, vector.speedupOverReference(), EPSILON);
        assertEquals(0.5, vector.fractionOfCopy(), EPSILON);
    }

    @Test
    void convertsMicrosecondsToNanoseconds() {
        Comparison.Row scalar = row(Direction.BITNET_TO_PLANES, Series.kernel(Implementation.SCALAR));
        assertEquals(327_680, scalar.measurement().nanosPerOp(), EPSILON);
        assertEquals(5.0, scalar.gigabytesPerSecond(), EPSILON);
        assertEquals(50.0, scalar.speedupOverReference(), EPSILON);
    }

    @Test
    void copyCountsTheBytesItCopies() {
        Comparison.Row copy = row(Direction.BITNET_TO_PLANES, Series.COPY);
        assertEquals(20.0, copy.gigabytesPerSecond(), EPSILON);
        assertEquals(1.0, copy.fractionOfCopy(), EPSILON);
    }

    @Test
    void missingBaselinesAreNotANumber() {
        Comparison.Row heap = row(Direction.PLANES_TO_INT8, Series.api(Workload.Memory.HEAP));
        assertEquals(2.5, heap.gigabytesPerSecond(), EPSILON); // planes: 1,638,400 bytes in 655,360 ns
        assertTrue(Double.isNaN(heap.speedupOverReference()));
        assertTrue(Double.isNaN(heap.fractionOfCopy()));
    }

    @Test
    void ordersRowsAndFindsTheFastestKernel() {
        assertEquals(List.of("reference", "scalar", "vector 256-bit", "copy (larger side)"),
                comparison.rows(Direction.BITNET_TO_PLANES).stream().map(r -> r.series().label()).toList());
        assertEquals(Series.kernel(Implementation.VECTOR_256),
                comparison.fastestKernel(Direction.BITNET_TO_PLANES, Shape.ATTENTION).orElseThrow().series());
    }

    @Test
    void reportShowsTheFigures() {
        Environment environment = new Environment("test CPU", 2, "32 MiB L3", "Linux", "0.5 / 0.4 / 0.3", "JDK 25", "", "1 fork",
                "vector 256-bit", 512, "mvn -Pbench verify", "-f 1");
        String report = MarkdownReport.render(comparison, environment, "jmh.json", "chart.png");
        assertTrue(report.contains("| 2560x2560 | vector 256-bit | 164 µs | ±1.0% | 10.0 | 40.0 | 100× | 50.0% |"), report);
    }

    private Comparison.Row row(Direction direction, Series series) {
        return comparison.row(direction, Shape.ATTENTION, series).orElseThrow();
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

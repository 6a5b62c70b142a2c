package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * The compute section's arithmetic on a small JMH JSON fixture: 2560x2560 is 6,553,600 weights, so 100 us is
 * 65.536 G weights/s; the 2B4T planes are 521,011,200 bytes, so 50 ms is 10.42 GB/s.
 */
class ComputeTableTest {
    private static final double EPSILON = 1e-9;
    private static final String FIXTURE = """
            [
             {"benchmark": "dev.rotor.compute.GemvBenchmark.gemv", "params": {"size": "2560x2560", "kernel": "VECTOR",
              "memory": "HEAP", "threads": "2"}, "primaryMetric": {"score": 100.0, "scoreUnit": "us/op"}},
             {"benchmark": "dev.rotor.compute.GemvBenchmark.gemm", "params": {"size": "2560x2560", "kernel": "VECTOR",
              "memory": "HEAP", "threads": "1"}, "primaryMetric": {"score": 9.9, "scoreUnit": "ms/op",
              "scorePercentiles": {"0.0": 3.0, "50.0": 3.2, "100.0": 90.0}}},
             {"benchmark": "dev.rotor.compute.ModelPassBenchmark.copy", "params": {"model": "BITNET_B158_2B4T",
              "threads": "1"}, "primaryMetric": {"score": 40.0, "scoreUnit": "ms/op"}},
             {"benchmark": "dev.rotor.compute.ModelPassBenchmark.pass", "params": {"model": "BITNET_B158_2B4T",
              "threads": "1"}, "primaryMetric": {"score": 50.0, "scoreUnit": "ms/op"}},
             {"benchmark": "dev.rotor.KernelBenchmark.convert", "params": {"impl": "SCALAR",
              "direction": "BITNET_TO_PLANES", "size": "2560x2560"}, "primaryMetric": {"score": 1.0, "scoreUnit": "ms/op"}}
            ]""";

    private final JsonNode runs = parse(FIXTURE);

    @Test
    void productsCountEveryTokenOfTheBatchAtTheMedianCall() {
        List<ComputeTable.Product> products = ComputeTable.products(runs);
        assertAll(() -> assertEquals(2, products.size()),
                () -> assertEquals(65.536, products.get(0).gigaWeightsPerSecond(), EPSILON),
                () -> assertEquals("gemv vector heap 2t", products.get(0).label()),
                () -> assertEquals(32, products.get(1).tokens()),
                () -> assertEquals(65.536, products.get(1).gigaWeightsPerSecond(), EPSILON));
    }

    @Test
    void theModelPassIsAFractionOfTheCopy() {
        List<ComputeTable.ModelPass> passes = ComputeTable.modelPasses(runs);
        assertEquals(1, passes.size());
        ComputeTable.ModelPass pass = passes.getFirst();
        assertAll(() -> assertEquals(521_011_200L, pass.planeBytes()),
                () -> assertEquals(10.420224, pass.passGigabytesPerSecond(), EPSILON),
                () -> assertEquals(13.02528, pass.copyGigabytesPerSecond(), EPSILON),
                () -> assertEquals(0.8, pass.fractionOfCopy(), EPSILON));
    }

    @Test
    void theSectionShowsBothTables() {
        String section = ComputeTable.render(runs, "compute.png");
        assertAll(() -> assertTrue(section.contains("| gemv | 2560x2560 | VECTOR | HEAP | 2 | 1 | 100.0 us | 65.5 |"), section),
                () -> assertTrue(section.contains("| BITNET_B158_2B4T | 1 | 50.0 ms | 40.0 ms | 10.42 | 13.03 | 80% |"),
                        section));
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

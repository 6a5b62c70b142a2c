package dev.rotor.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.synthetic.ModelShape;

/**
 * The report's compute section: every result of the {@code dev.rotor.compute} benchmarks. The products (int8
 * GEMV, the float layer, the batched GEMM) as time per call and G weights/s ({@code rows * cols * tokens / time}),
 * one line per parameter combination; the whole-model pass beside the copy of the same planes, as GB/s of planes
 * and the pass's fraction of the copy's speed.
 */
final class ComputeTable {
    private static final String PACKAGE = "dev.rotor.compute.";
    private static final String MODEL_PASS = PACKAGE + "ModelPassBenchmark.";
    /** Tokens per call of {@code GemvBenchmark.gemm} (its {@code BATCH}). */
    static final int GEMM_TOKENS = 32;

    private ComputeTable() { }

    static boolean isCompute(JsonNode run) {
        return run.path("benchmark").asText().startsWith(PACKAGE);
    }

    /** One product measurement: what, its parameters, and its speed. */
    record Product(String benchmark, String size, String kernel, String memory, String threads, int tokens,
                   double micros, double gigaWeightsPerSecond) {
        String label() {
            return benchmark + " " + kernel.toLowerCase(Locale.ROOT) + " " + memory.toLowerCase(Locale.ROOT) + " "
                    + threads + "t";
        }
    }

    /** The whole-model pass and the copy at one thread count: milliseconds per pass, and the planes' bytes. */
    record ModelPass(String model, String threads, double passMillis, double copyMillis, long planeBytes) {
        double passGigabytesPerSecond() {
            return planeBytes / passMillis / 1e6;
        }

        double copyGigabytesPerSecond() {
            return planeBytes / copyMillis / 1e6;
        }

        double fractionOfCopy() {
            return copyMillis / passMillis;
        }
    }

    static List<Product> products(JsonNode runs) {
        List<Product> products = new ArrayList<>();
        for (JsonNode run : runs) {
            String name = run.path("benchmark").asText();
            if (!isCompute(run) || name.startsWith(MODEL_PASS)) {
                continue;
            }
            String benchmark = name.substring(name.lastIndexOf('.') + 1);
            JsonNode p = run.path("params");
            String size = p.path("size").asText();
            int tokens = benchmark.equals("gemm") ? GEMM_TOKENS : 1;
            double micros = micros(run.path("primaryMetric"));
            products.add(new Product(benchmark, size, p.path("kernel").asText("-"), p.path("memory").asText("-"),
                    p.path("threads").asText("1"), tokens, micros, weights(size) * tokens / micros / 1e3));
        }
        return products;
    }

    static List<ModelPass> modelPasses(JsonNode runs) {
        Map<String, double[]> byThreads = new LinkedHashMap<>();  // model + threads -> {pass ms, copy ms}
        for (JsonNode run : runs) {
            String name = run.path("benchmark").asText();
            if (!name.startsWith(MODEL_PASS)) {
                continue;
            }
            JsonNode p = run.path("params");
            String key = p.path("model").asText() + "/" + p.path("threads").asText("1");
            double[] millis = byThreads.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN});
            millis[name.endsWith(".pass") ? 0 : 1] = micros(run.path("primaryMetric")) / 1e3;
        }
        List<ModelPass> passes = new ArrayList<>();
        byThreads.forEach((key, millis) -> {
            String model = key.substring(0, key.indexOf('/'));
            passes.add(new ModelPass(model, key.substring(key.indexOf('/') + 1), millis[0], millis[1],
                    planeBytes(model)));
        });
        return passes;
    }

    /** Bytes of the two planes of every ternary tensor of a model ({@code ModelPassBenchmark.Model}). */
    private static long planeBytes(String model) {
        ModelShape shape = switch (model) {
            case "BITNET_B158_2B4T" -> ModelShape.BITNET_B158_2B4T;
            case "SMALL" -> ModelShape.SMALL;
            default -> throw new IllegalArgumentException("unknown model " + model);
        };
        return shape.ternaryWeights() / 4;        // two bits per weight, every row a whole number of bytes here
    }

    /** The section in Markdown, or "" if the run had no compute benchmark. */
    static String render(JsonNode runs, String chartFile) {
        List<Product> products = products(runs);
        List<ModelPass> passes = modelPasses(runs);
        if (products.isEmpty() && passes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n## Compute: matrix products on planes\n\n");
        if (!products.isEmpty()) {
            out.append("Time per call: the median of the calls JMH sampled. ")
                    .append("G weights/s = rows x cols x tokens / time per call (gemm: ").append(GEMM_TOKENS)
                    .append(" tokens a call, else one). Kernel widths: the JVM's (see the backend line). Chart: [")
                    .append(chartFile).append("](").append(chartFile).append(").\n\n")
                    .append("| benchmark | size | kernel | memory | threads | tokens | time per call | G weights/s |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (Product p : products) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %.1f us | %s |%n", p.benchmark(),
                        p.size(), p.kernel(), p.memory(), p.threads(), p.tokens(), p.micros(),
                        Double.isNaN(p.gigaWeightsPerSecond()) ? "-"
                                : String.format(Locale.ROOT, "%.1f", p.gigaWeightsPerSecond())));
            }
        }
        if (!passes.isEmpty()) {
            out.append("\n### Whole-model pass (one GEMV with every ternary tensor, like a decoded token)\n\n")
                    .append("Planes off heap, far larger than the caches; the copy reads the same planes once "
                            + "(16 KB pieces into an L1-resident buffer) in the same run.\n\n")
                    .append("| model | threads | pass | copy | pass GB/s of planes | copy GB/s | pass / copy speed |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (ModelPass m : passes) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %.1f ms | %.1f ms | %.2f | %.2f | %.0f%% |%n",
                        m.model(), m.threads(), m.passMillis(), m.copyMillis(), m.passGigabytesPerSecond(),
                        m.copyGigabytesPerSecond(), 100 * m.fractionOfCopy()));
            }
        }
        return out.toString();
    }

    /**
     * Microseconds per call: the median of the sampled calls where JMH sampled them (SampleTime: robust to the calls
     * a busy machine stretches), else the average.
     */
    private static double micros(JsonNode metric) {
        JsonNode median = metric.path("scorePercentiles").path("50.0");
        double score = median.isNumber() ? median.asDouble() : metric.path("score").asDouble();
        return score * Measurement.nanosPerUnit(metric.path("scoreUnit").asText()) / 1e3;
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

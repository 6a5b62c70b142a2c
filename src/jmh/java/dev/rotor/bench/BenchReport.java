package dev.rotor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a run's {@value #JSON_FILE} into {@value #REPORT_FILE}, {@value #CHART_FILE} (conversions) and
 * {@value #COMPUTE_CHART_FILE} (compute), each chart if the run measured what it shows, in the same directory.
 * Usage: {@code BenchReport <dir> [<jmh arguments of the run, for the record>]}.
 */
public final class BenchReport {
    static final String JSON_FILE = "jmh.json";
    static final String REPORT_FILE = "report.md";
    static final String CHART_FILE = "throughput.png";
    static final String COMPUTE_CHART_FILE = "compute.png";

    private BenchReport() { }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BenchReport <directory holding " + JSON_FILE + "> [<JMH arguments used>...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String jmhArgs = args.length > 1 ? String.join(" ", Arrays.asList(args).subList(1, args.length)) : "(not recorded)";
        JsonNode runs = new ObjectMapper().readTree(dir.resolve(JSON_FILE).toFile());
        Comparison comparison = new Comparison(Measurement.all(runs));
        if (comparison.hasConversions()) {
            ThroughputChart.write(comparison, dir.resolve(CHART_FILE));
        }
        List<ComputeTable.Product> products = ComputeTable.products(runs);
        List<ComputeTable.ModelPass> passes = ComputeTable.modelPasses(runs);
        if (!products.isEmpty() || !passes.isEmpty()) {
            ComputeChart.write(products, passes, dir.resolve(COMPUTE_CHART_FILE));
        }
        String report = MarkdownReport.render(comparison, Environment.describe(runs, jmhArgs), JSON_FILE, CHART_FILE);
        Files.writeString(dir.resolve(REPORT_FILE), report + ComputeTable.render(runs, COMPUTE_CHART_FILE)
                + TokenizerTable.render(runs));
        System.out.println("Benchmark report: " + dir.resolve(REPORT_FILE).toAbsolutePath());
    }
}

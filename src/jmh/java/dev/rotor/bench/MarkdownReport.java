package dev.rotor.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.rotor.kernel.Direction;

/** Renders report.md: the environment, a summary, the vector-width and heap/off-heap comparisons, then every figure. */
final class MarkdownReport {
    private static final Series API_NATIVE = Series.api(Workload.Memory.NATIVE);
    private static final Series API_HEAP = Series.api(Workload.Memory.HEAP);
    private static final Implementation NARROWEST_VECTOR = Implementation.VECTOR_128;

    private final Comparison comparison;
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport(Comparison comparison) {
        this.comparison = comparison;
    }

    static String render(Comparison comparison, Environment environment, String jsonFile, String chartFile) {
        MarkdownReport report = new MarkdownReport(comparison);
        report.header(environment, jsonFile);
        if (!comparison.hasConversions()) {
            return report.out.toString();             // other benchmarks only: their sections follow
        }
        report.howToRead();
        report.summary();
        report.vectorWidths(environment);
        report.heapVersusNative();
        report.details(chartFile);
        return report.out.toString();
    }

    private void header(Environment env, String jsonFile) {
        line("# rotor benchmarks");
        line();
        table(List.of("", ""),
                List.of(List.of("Machine", env.cpu() + ", " + env.cores() + " cores, " + env.cache() + ", " + env.os()),
                        List.of("Load average", env.load() + " (1 / 5 / 15 min, when the report was written;"
                                + " above " + env.cores() + " means other work competed for the cores)"),
                        List.of("JVM (forks)", env.jvm()),
                        List.of("Fork JVM options", code(env.jvmArgs())),
                        List.of("Vector backend", "Rotor.backend(): " + env.backend() + "; preferred vector size "
                                + env.preferredVectorBits() + " bits"),
                        List.of("JMH", env.jmhSettings()),
                        List.of("Command", code(env.command())),
                        List.of("JMH arguments", code(env.jmhArgs())),
                        List.of("Raw results", "[" + jsonFile + "](" + jsonFile + ")")));
    }

    private void howToRead() {
        line("How to read: times are JMH averages per call (error = 99.9% confidence half-width, — with a single "
                + "iteration). GB = 10^9 bytes. *GB/s in* counts the bytes the conversion reads (for the copy: "
                + "the bytes copied); *G weights/s* the weights converted. *× reference* is the reference "
                + "kernel's time over this time. *% of copy* is the time of `MemorySegment.copy` of the "
                + "conversion's larger side (input or output), off-heap, at the same size in the same run, over "
                + "this time: 100% converts as fast as the memory system copies. Kernels run on off-heap "
                + "buffers; *Rotor API* is the public MemorySegment method with its checks, on the JVM's "
                + "default kernel.");
        line();
    }

    private void summary() {
        line("## Summary");
        line();
        List<List<String>> rows = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (String size : comparison.sizes(direction)) {
                Optional<Comparison.Row> fastest = comparison.fastestKernel(direction, size);
                rows.add(List.of(direction.label(), sizeLabel(direction, size),
                        fastest.map(r -> r.series().label()).orElse("—"),
                        fastest.map(r -> Figures.significant(r.gigabytesPerSecond())).orElse("—"),
                        fastest.map(r -> Figures.significant(r.gigaWeightsPerSecond())).orElse("—"),
                        fastest.map(r -> Figures.times(r.speedupOverReference())).orElse("—"),
                        fastest.map(r -> Figures.percent(r.fractionOfCopy())).orElse("—"),
                        ofCopy(direction, size, API_NATIVE),
                        ofCopy(direction, size, API_HEAP)));
            }
        }
        table(List.of("conversion", "size", "fastest kernel", "GB/s in", "G weights/s", "× reference",
                "% of copy", API_NATIVE.label() + ", % of copy", API_HEAP.label() + ", % of copy"), rows);
    }

    private void vectorWidths(Environment env) {
        List<Implementation> widths = Arrays.stream(Implementation.values())
                .filter(impl -> impl.vectorBits() > 0)
                .filter(impl -> Arrays.stream(Direction.values()).anyMatch(d -> measured(d, Series.kernel(impl))))
                .toList();
        if (widths.isEmpty()) {
            return;
        }
        line("## Vector width");
        line();
        line("GB/s in of the vector kernel at each width this machine runs natively.");
        line();
        List<String> headers = new ArrayList<>(List.of("conversion", "size"));
        widths.forEach(w -> headers.add(w.label()));
        headers.add("fastest");
        List<List<String>> rows = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (String size : comparison.sizes(direction)) {
                List<String> row = new ArrayList<>(List.of(direction.label(), sizeLabel(direction, size)));
                Implementation fastest = null;
                double best = 0;
                for (Implementation width : widths) {
                    double gbps = figure(direction, size, Series.kernel(width), Comparison.Row::gigabytesPerSecond);
                    row.add(Figures.significant(gbps));
                    if (gbps > best) {
                        best = gbps;
                        fastest = width;
                    }
                }
                row.add(fastest == null ? "—" : fastest.label());
                rows.add(row);
            }
        }
        table(headers, rows);
        List<String> means = new ArrayList<>();
        for (Implementation width : widths) {
            double mean = geometricMean(Series.kernel(NARROWEST_VECTOR), Series.kernel(width));
            means.add(width.label() + " " + Figures.times(mean));
        }
        line("Speed relative to " + NARROWEST_VECTOR.label() + ", geometric mean over every conversion and size "
                + "except the " + Shape.ONE_GROUP + "-weight call (where no vector loop runs): "
                + String.join(", ", means) + ". Rotor's current default: " + env.backend() + ".");
        line();
    }

    private void heapVersusNative() {
        if (Arrays.stream(Direction.values()).noneMatch(d -> measured(d, API_HEAP) && measured(d, API_NATIVE))) {
            return;
        }
        line("## Heap versus off-heap segments (Rotor API)");
        line();
        List<List<String>> rows = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (String size : comparison.sizes(direction)) {
                double heap = figure(direction, size, API_HEAP, r -> r.measurement().nanosPerOp());
                double offHeap = figure(direction, size, API_NATIVE, r -> r.measurement().nanosPerOp());
                rows.add(List.of(direction.label(), sizeLabel(direction, size), Figures.time(heap),
                        Figures.time(offHeap), Figures.times(heap / offHeap)));
            }
        }
        table(List.of("conversion", "size", "heap (byte[])", "off-heap", "heap time / off-heap time"), rows);
        line("Geometric mean of heap time / off-heap time, all sizes but the " + Shape.ONE_GROUP + "-weight call: "
                + Figures.times(geometricMean(API_HEAP, API_NATIVE)) + " (above 1× means heap is slower).");
        line();
    }

    private void details(String chartFile) {
        line("## All figures");
        line();
        line("![throughput by size and implementation](" + chartFile + ")");
        line();
        for (Direction direction : Direction.values()) {
            List<Comparison.Row> rows = comparison.rows(direction);
            if (rows.isEmpty()) {
                continue;
            }
            line("### " + direction.label());
            line();
            table(List.of("size", "series", "time/call", "error", "GB/s in", "G weights/s", "× reference", "% of copy"),
                    rows.stream().map(r -> List.of(
                            sizeLabel(direction, r.size()), r.series().label(),
                            Figures.time(r.measurement().nanosPerOp()),
                            Figures.relativeError(r.measurement().errorNanos(), r.measurement().nanosPerOp()),
                            Figures.significant(r.gigabytesPerSecond()),
                            Figures.significant(r.gigaWeightsPerSecond()),
                            Figures.times(r.speedupOverReference()),
                            Figures.percent(r.fractionOfCopy()))).toList());
        }
    }

    /**
     * Geometric mean over conversions and sizes (without the one-group call) of time(baseline) / time(series):
     * how many times faster {@code series} is. NaN when no size has both.
     */
    private double geometricMean(Series baseline, Series series) {
        double logSum = 0;
        int count = 0;
        for (Direction direction : Direction.values()) {
            for (String size : comparison.sizes(direction)) {
                if (size.equals(Shape.ONE_GROUP)) {
                    continue;
                }
                double base = figure(direction, size, baseline, r -> r.measurement().nanosPerOp());
                double time = figure(direction, size, series, r -> r.measurement().nanosPerOp());
                if (!Double.isNaN(base) && !Double.isNaN(time)) {
                    logSum += Math.log(base / time);
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : Math.exp(logSum / count);
    }

    private String ofCopy(Direction direction, String size, Series series) {
        return Figures.percent(figure(direction, size, series, Comparison.Row::fractionOfCopy));
    }

    private double figure(Direction direction, String size, Series series, Function<Comparison.Row, Double> figure) {
        return comparison.row(direction, size, series).map(figure).orElse(Double.NaN);
    }

    private boolean measured(Direction direction, Series series) {
        return comparison.series(direction).contains(series);
    }

    /** The size parameter, with the shape when the parameter is not already one, e.g. "64MiB (65536x4096)". */
    private static String sizeLabel(Direction direction, String size) {
        String shape = Shape.of(size, direction).toString();
        return shape.equals(size) ? size : size + " (" + shape + ")";
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private void table(List<String> headers, List<List<String>> rows) {
        line("| " + String.join(" | ", headers) + " |");
        line("|" + "---|".repeat(headers.size()));
        rows.forEach(row -> line("| " + String.join(" | ", row) + " |"));
        line();
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}

package dev.rotor.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The compute chart: G weights/s of each product benchmark (GEMV, BitLinear, GEMM) per matrix size, one bar per
 * kernel, memory and thread count; and the whole-model pass beside the copy of the same planes, in GB/s.
 */
final class ComputeChart {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 460;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ComputeChart() { }

    static void write(List<ComputeTable.Product> products, List<ComputeTable.ModelPass> passes, Path png)
            throws IOException {
        List<CategoryChart> charts = new ArrayList<>();
        for (String benchmark : products.stream().map(ComputeTable.Product::benchmark).distinct().toList()) {
            charts.add(products(benchmark, products.stream().filter(p -> p.benchmark().equals(benchmark)).toList()));
        }
        if (!passes.isEmpty()) {
            charts.add(modelPass(passes));
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no compute measurements to chart");
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart products(String benchmark, List<ComputeTable.Product> products) {
        CategoryChart chart = chart(benchmark + ": G weights/s (rows x cols x tokens / time)", "matrix size",
                "G weights/s");
        List<String> sizes = products.stream().map(ComputeTable.Product::size).distinct().toList();
        for (String label : products.stream().map(ComputeTable.Product::label).distinct().toList()) {
            List<Double> values = new ArrayList<>();
            for (String size : sizes) {
                values.add(products.stream().filter(p -> p.label().equals(label) && p.size().equals(size))
                        .map(ComputeTable.Product::gigaWeightsPerSecond).findFirst().orElse(null));
            }
            chart.addSeries(label, sizes, values);
        }
        return chart;
    }

    private static CategoryChart modelPass(List<ComputeTable.ModelPass> passes) {
        CategoryChart chart = chart("whole-model pass vs copy of the same planes: GB/s of planes", "model, threads",
                "GB/s");
        List<String> keys = passes.stream().map(m -> m.model() + ", " + m.threads() + "t").toList();
        chart.addSeries("GEMV pass", keys, passes.stream().map(ComputeTable.ModelPass::passGigabytesPerSecond).toList());
        chart.addSeries("copy", keys, passes.stream().map(ComputeTable.ModelPass::copyGigabytesPerSecond).toList());
        return chart;
    }

    private static CategoryChart chart(String title, String xAxis, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleFont(TITLE_FONT);
        styler.setAxisTitleFont(TEXT_FONT);
        styler.setAxisTickLabelsFont(TEXT_FONT);
        styler.setLegendFont(TEXT_FONT);
        styler.setChartBackgroundColor(Color.WHITE);
        return chart;
    }
}

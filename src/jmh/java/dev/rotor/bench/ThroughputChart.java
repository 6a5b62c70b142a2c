package dev.rotor.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

import dev.rotor.kernel.Direction;

/**
 * The chart: one row per conversion, three panels per row - GB/s of input (log scale), speedup over the
 * reference kernel (log scale) and speed as a percentage of the copy baseline - with one bar per series
 * and size. Every panel lists the same series in the same order, so a series keeps its colour throughout.
 */
final class ThroughputChart {
    private static final int PANEL_WIDTH = 720;
    private static final int PANEL_HEIGHT = 420;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Distinct colours in series rank order: kernels, the Rotor API (heap, native, 1 and 2 threads), then the copy (dark grey). */
    private static final Color[] PALETTE = {
            new Color(0xB0, 0x3A, 0x2E), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
            new Color(0x00, 0x72, 0xB2), new Color(0x00, 0x3F, 0x7F), new Color(0x00, 0x9E, 0x73),
            new Color(0x7F, 0xC9, 0x7F), new Color(0x99, 0x99, 0x99), new Color(0xCC, 0x79, 0xA7),
            new Color(0x33, 0x33, 0x33)};
    private static final double PERCENT = 100;

    /** One kind of panel: its title, y axis and the figure it plots. */
    private record Panel(String title, String yAxis, boolean logarithmic, ToDoubleFunction<Comparison.Row> figure) { }

    private static final List<Panel> PANELS = List.of(
            new Panel("GB/s of input", "GB/s (log)", true, Comparison.Row::gigabytesPerSecond),
            new Panel("speedup over reference", "× reference (log)", true, Comparison.Row::speedupOverReference),
            new Panel("% of copy speed", "% of copy", false, r -> PERCENT * r.fractionOfCopy()));

    private ThroughputChart() { }

    static void write(Comparison comparison, Path png) throws IOException {
        List<CategoryChart> charts = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            if (!comparison.rows(direction).isEmpty()) {
                PANELS.forEach(panel -> charts.add(panel(comparison, direction, panel)));
            }
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no measurements to chart");
        }
        int rows = charts.size() / PANELS.size();
        BitmapEncoder.saveBitmap(charts, rows, PANELS.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart panel(Comparison comparison, Direction direction, Panel panel) {
        String weightsNote = panel == PANELS.getFirst()
                ? " (G weights/s = " + direction.input().weightsPerByte() + " × GB/s)" : "";
        CategoryChart chart = new CategoryChartBuilder()
                .width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(direction.label() + ": " + panel.title() + weightsNote)
                .xAxisTitle("size: weights, rows x cols, or larger side in MiB").yAxisTitle(panel.yAxis())
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(panel.logarithmic());
        // One legend per row, right of its last panel: colours are the same in every panel.
        styler.setLegendVisible(panel == PANELS.getLast());
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleFont(TITLE_FONT);
        styler.setAxisTitleFont(TEXT_FONT);
        styler.setAxisTickLabelsFont(TEXT_FONT);
        styler.setLegendFont(TEXT_FONT);
        styler.setSeriesColors(PALETTE);
        styler.setChartBackgroundColor(Color.WHITE);
        List<String> sizes = comparison.sizes(direction);
        double smallest = Double.POSITIVE_INFINITY;
        for (Series series : comparison.series(direction)) {
            List<Double> values = new ArrayList<>();
            for (String size : sizes) {
                double value = comparison.row(direction, size, series)
                        .map(panel.figure()::applyAsDouble).orElse(Double.NaN);
                // No bar where there is no figure, nor (on a log axis) where it is 0: e.g. no reference was run.
                boolean plotted = !Double.isNaN(value) && !(panel.logarithmic() && value <= 0);
                values.add(plotted ? value : null);
                smallest = plotted ? Math.min(smallest, value) : smallest;
            }
            chart.addSeries(series.label(), sizes, values);
        }
        if (panel.logarithmic() && smallest < Double.POSITIVE_INFINITY) {
            // Bars start at the axis minimum, which XChart puts at 0 unless told: impossible on a log axis.
            styler.setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        }
        return chart;
    }
}

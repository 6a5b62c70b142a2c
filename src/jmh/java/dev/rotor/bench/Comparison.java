package dev.rotor.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.rotor.kernel.Direction;

/**
 * The figures the report and chart show, derived from the measurements: throughput, speedup over the
 * reference kernel and speed relative to the copy baseline measured in the same run.
 * Units: GB = 10^9 bytes, so bytes per nanosecond are GB/s and weights per nanosecond are G weights/s.
 */
public final class Comparison {
    /**
     * One measurement with its derived figures; {@code NaN} where the needed baseline was not run.
     * {@code gigabytesPerSecond} counts the bytes read: the conversion's input, or for the copy the
     * bytes copied (the direction's larger side).
     */
    public record Row(Measurement measurement, double gigabytesPerSecond, double gigaWeightsPerSecond,
                      double speedupOverReference, double fractionOfCopy) {
        public Direction direction() { return measurement.direction(); }

        public String size() { return measurement.size(); }

        public Series series() { return measurement.series(); }
    }

    private final List<Measurement> measurements;

    public Comparison(List<Measurement> measurements) {
        this.measurements = List.copyOf(measurements);
    }

    /** All rows of one direction, by size (smallest first), then series. */
    /** Whether the run measured any conversion (it may hold only other benchmarks, such as the compute ones). */
    public boolean hasConversions() {
        return java.util.Arrays.stream(Direction.values()).anyMatch(d -> !rows(d).isEmpty());
    }

    public List<Row> rows(Direction direction) {
        return measurements.stream()
                .filter(m -> m.direction() == direction)
                .sorted(Comparator.comparingLong((Measurement m) -> m.shape().weights()).thenComparing(Measurement::series))
                .map(this::row)
                .toList();
    }

    /** The sizes measured for a direction, smallest first. */
    public List<String> sizes(Direction direction) {
        return rows(direction).stream().map(Row::size).distinct().toList();
    }

    /** The series measured for a direction, in rank order. */
    public List<Series> series(Direction direction) {
        return rows(direction).stream().map(Row::series).distinct().sorted().toList();
    }

    public Optional<Row> row(Direction direction, String size, Series series) {
        return find(direction, size, series).map(this::row);
    }

    /** The fastest kernel at one direction and size. */
    public Optional<Row> fastestKernel(Direction direction, String size) {
        return measurements.stream()
                .filter(m -> m.direction() == direction && m.size().equals(size) && m.series().isKernel())
                .min(Comparator.comparingDouble(Measurement::nanosPerOp))
                .map(this::row);
    }

    private Row row(Measurement m) {
        Shape shape = m.shape();
        double ns = m.nanosPerOp();
        long bytesRead = m.series().equals(Series.COPY)
                ? shape.largerSideBytes(m.direction()) : shape.bytes(m.direction().input());
        return new Row(m, bytesRead / ns, shape.weights() / ns,
                baselineNanos(m, Series.kernel(Implementation.REFERENCE)) / ns,
                baselineNanos(m, Series.COPY) / ns);
    }

    private double baselineNanos(Measurement m, Series baseline) {
        return find(m.direction(), m.size(), baseline).map(Measurement::nanosPerOp).orElse(Double.NaN);
    }

    private Optional<Measurement> find(Direction direction, String size, Series series) {
        return measurements.stream()
                .filter(m -> m.direction() == direction && m.size().equals(size) && m.series().equals(series))
                .findFirst();
    }
}

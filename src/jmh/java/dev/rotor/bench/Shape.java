package dev.rotor.bench;

import java.util.Locale;

import dev.rotor.kernel.Direction;

/**
 * A matrix shape, parsed from a benchmark's {@code size} parameter:
 * <ul>
 *   <li>{@code "8"}: one row of that many weights (measures per-call overhead);</li>
 *   <li>{@code "2560x2560"}: rows x cols;</li>
 *   <li>{@code "64MiB"}: rows of {@value #WIDE_COLS} weights, as many as make the direction's larger
 *       side (input or output) that big - out of cache on purpose, so the shape depends on the direction.</li>
 * </ul>
 */
public record Shape(int rows, int cols) {
    /** One group of 8 weights: the cost of a call, not of the work. */
    public static final String ONE_GROUP = "8";
    /** BitNet b1.58 2B4T attention projection (hidden size 2560). */
    public static final String ATTENTION = "2560x2560";
    /** BitNet b1.58 2B4T MLP projection (FFN size 6912). */
    public static final String MLP = "6912x2560";
    /** Larger side 64 MiB: well beyond any L3 cache this suite expects to meet. */
    public static final String OUT_OF_CACHE = "64MiB";

    /** Columns of the shapes sized by bytes: a multiple of 8, so rows have no padding. */
    static final int WIDE_COLS = 4096;
    private static final String MIB_SUFFIX = "mib";
    private static final long MIB = 1L << 20;

    public Shape {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("shape must be positive: " + rows + "x" + cols);
        }
    }

    /** Parses a size parameter for a direction (see the class comment). */
    public static Shape of(String size, Direction direction) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith(MIB_SUFFIX)) {
                long bytes = Long.parseLong(s.substring(0, s.length() - MIB_SUFFIX.length())) * MIB;
                return new Shape(Math.toIntExact(bytes / direction.largerSideBytesPerRow(WIDE_COLS)), WIDE_COLS);
            }
            int x = s.indexOf('x');
            if (x < 0) {
                return new Shape(1, Integer.parseInt(s));
            }
            return new Shape(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("size '" + size + "' is not N, RxC or <N>MiB", e);
        }
    }

    public long weights() {
        return (long) rows * cols;
    }

    /** Bytes this matrix takes in {@code form}. */
    public long bytes(Direction.Form form) {
        return form.bytes(rows, cols);
    }

    /** Bytes of the larger of the direction's input and output: what the copy baseline moves. */
    public long largerSideBytes(Direction direction) {
        return rows * direction.largerSideBytesPerRow(cols);
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}

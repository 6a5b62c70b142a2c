package dev.rotor;

import java.util.Arrays;

import dev.rotor.kernel.Geometry;

/**
 * A ternary matrix as two bit planes: {@code pos} has a bit set where the weight is +1, {@code neg}
 * where it is -1. Row-major, each row padded to {@link #stride()} = ceil(cols / 8) bytes; weight
 * (r, c) is bit {@code c % 8} of byte {@code r * stride + c / 8}. Padding bits are zero and no
 * weight has both bits set.
 *
 * <p>The plane arrays are shared, not copied: {@link #pos()} and {@link #neg()} return the
 * instance's own arrays so that large tensors are never duplicated. Callers must not modify them.
 */
public final class RotorPlanes {
    private final int rows;
    private final int cols;
    private final byte[] pos;
    private final byte[] neg;
    private final long invalidCodes;

    RotorPlanes(int rows, int cols, byte[] pos, byte[] neg, long invalidCodes) {
        this.rows = rows;
        this.cols = cols;
        this.pos = pos;
        this.neg = neg;
        this.invalidCodes = invalidCodes;
    }

    /**
     * Wraps existing planes after checking them: sizes must be {@code rows * stride}, padding bits
     * zero, and no weight may have both bits set.
     *
     * @throws IllegalArgumentException naming the first row/column that breaks a rule
     */
    public static RotorPlanes of(int rows, int cols, byte[] pos, byte[] neg) {
        int stride = Geometry.planeBytes(rows, cols, "planes");
        Geometry.requireLength("pos plane", pos, stride);
        Geometry.requireLength("neg plane", neg, stride);
        PlaneChecks.requireValid(pos, 0, neg, 0, rows, cols);
        return new RotorPlanes(rows, cols, pos, neg, 0);
    }

    /** Allocates zeroed planes: every weight 0. */
    public static RotorPlanes zeros(int rows, int cols) {
        int size = Geometry.planeBytes(rows, cols, "planes");
        return new RotorPlanes(rows, cols, new byte[size], new byte[size], 0);
    }

    /** Bytes per row and plane for a row of {@code cols} weights: ceil(cols / 8). */
    public static int strideOf(int cols) {
        return (cols + 7) >>> 3;
    }

    /** Number of rows (output features). */
    public int rows() { return rows; }

    /** Number of columns (input features). */
    public int cols() { return cols; }

    /** Bytes per row in each plane: ceil(cols / 8). */
    public int stride() { return strideOf(cols); }

    /** The +1 plane (shared, not copied). */
    public byte[] pos() { return pos; }

    /** The -1 plane (shared, not copied). */
    public byte[] neg() { return neg; }

    /**
     * How many invalid codes were decoded as 0 under {@link InvalidCodePolicy#LENIENT}
     * (always 0 for planes produced under {@link InvalidCodePolicy#STRICT}).
     */
    public long invalidCodes() { return invalidCodes; }

    /** The weight at (row, col): -1, 0 or +1. */
    public int get(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException(
                    "weight (" + row + ", " + col + ") outside a " + rows + "x" + cols + " matrix");
        }
        int index = row * stride() + (col >>> 3);
        int bit = col & 7;
        return ((pos[index] >>> bit) & 1) - ((neg[index] >>> bit) & 1);
    }

    /** Planes are equal when they have the same shape and the same bits (the invalid-code count is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RotorPlanes p && p.rows == rows && p.cols == cols
                && Arrays.equals(p.pos, pos) && Arrays.equals(p.neg, neg);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + 17 * Arrays.hashCode(pos) + Arrays.hashCode(neg);
    }

    @Override
    public String toString() {
        return "RotorPlanes[" + rows + "x" + cols + (invalidCodes > 0 ? ", " + invalidCodes + " invalid codes read as 0" : "") + "]";
    }
}

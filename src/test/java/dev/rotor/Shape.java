package dev.rotor;

/**
 * A {@code rows x cols} ternary matrix and its sizes in each layout, computed literally from
 * FORMATS.md sections 1 and 2 (not through the code under test).
 */
record Shape(int rows, int cols) {
    static Shape of(int rows, int cols) {
        return new Shape(rows, cols);
    }

    /** Bytes per row of the BitNet 2-bit layout: ceil(cols / 4). */
    int packedStride() {
        return (cols + 3) / 4;
    }

    /** Bytes per row of a plane: ceil(cols / 8). */
    int planeStride() {
        return (cols + 7) / 8;
    }

    int packedBytes() {
        return rows * packedStride();
    }

    int planeBytes() {
        return rows * planeStride();
    }

    int weights() {
        return rows * cols;
    }

    /** Index of weight (r, c) in the row-major int8 layout. */
    int index(int r, int c) {
        return r * cols + c;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}

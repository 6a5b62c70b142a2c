package dev.rotor.bench;

import dev.rotor.RotorPlanes;

/** The three representations of a ternary matrix, with their sizes as documented in {@link dev.rotor.Rotor}. */
public enum Format {
    /** BitNet 2-bit layout: ceil(cols / 4) bytes per row. */
    PACKED("2-bit"),
    /** Rotor planes: two planes of ceil(cols / 8) bytes per row each. */
    PLANES("planes"),
    /** One byte per weight. */
    INT8("int8");

    private static final int WEIGHTS_PER_PACKED_BYTE = 4;
    private static final int PLANE_COUNT = 2;

    private final String label;

    Format(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Weights per byte when rows need no padding: 4 for the 2-bit layout and the planes, 1 for int8. */
    public int weightsPerByte() {
        return this == INT8 ? 1 : WEIGHTS_PER_PACKED_BYTE;
    }

    /** Bytes one row of {@code cols} weights takes (both planes together for {@link #PLANES}). */
    public long bytesPerRow(int cols) {
        return switch (this) {
            case PACKED -> (cols + WEIGHTS_PER_PACKED_BYTE - 1L) / WEIGHTS_PER_PACKED_BYTE;
            case PLANES -> (long) PLANE_COUNT * RotorPlanes.strideOf(cols);
            case INT8 -> cols;
        };
    }

    /** Bytes a whole matrix of this shape takes. */
    public long bytes(Shape shape) {
        return shape.rows() * bytesPerRow(shape.cols());
    }
}

package dev.rotor.bench;

/** The four conversions rotor implements, named by what they read and write. */
public enum Direction {
    BITNET_TO_PLANES(Format.PACKED, Format.PLANES),
    PLANES_TO_BITNET(Format.PLANES, Format.PACKED),
    PLANES_TO_INT8(Format.PLANES, Format.INT8),
    INT8_TO_PLANES(Format.INT8, Format.PLANES);

    private final Format input;
    private final Format output;

    Direction(Format input, Format output) {
        this.input = input;
        this.output = output;
    }

    public Format input() {
        return input;
    }

    public Format output() {
        return output;
    }

    /** For people, e.g. "2-bit → planes". */
    public String label() {
        return input.label() + " → " + output.label();
    }

    public long inputBytes(Shape shape) {
        return input.bytes(shape);
    }

    /** Bytes of the larger of input and output: what the copy baseline moves. */
    public long largerSideBytes(Shape shape) {
        return shape.rows() * largerSideBytesPerRow(shape.cols());
    }

    long largerSideBytesPerRow(int cols) {
        return Math.max(input.bytesPerRow(cols), output.bytesPerRow(cols));
    }
}

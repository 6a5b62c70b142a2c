package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The four conversions a {@link TernaryKernel} implements, named by what they read and write; what the benchmarks
 * ({@code rotor bench}, the JMH suite) iterate over.
 */
public enum Direction {
    /** BitNet 2-bit layout to planes. */
    BITNET_TO_PLANES(Form.PACKED, Form.PLANES),
    /** Planes to the BitNet 2-bit layout. */
    PLANES_TO_BITNET(Form.PLANES, Form.PACKED),
    /** Planes to one int8 per weight. */
    PLANES_TO_INT8(Form.PLANES, Form.INT8),
    /** One int8 per weight to planes. */
    INT8_TO_PLANES(Form.INT8, Form.PLANES);

    /** The three representations of a ternary matrix, with their sizes. */
    public enum Form {
        /** BitNet 2-bit layout: ceil(cols / 4) bytes per row. */
        PACKED("2-bit"),
        /** Rotor planes: two planes of ceil(cols / 8) bytes per row each. */
        PLANES("planes"),
        /** One byte per weight. */
        INT8("int8");

        private static final int PLANE_COUNT = 2;

        private final String label;

        Form(String label) {
            this.label = label;
        }

        /** For people: {@code 2-bit}, {@code planes} or {@code int8}. */
        public String label() {
            return label;
        }

        /** Weights per byte when rows need no padding: 4 for the 2-bit layout and the planes, 1 for int8. */
        public int weightsPerByte() {
            return this == INT8 ? 1 : Geometry.WEIGHTS_PER_PACKED_BYTE;
        }

        /** Bytes one row of {@code cols} weights takes (both planes together for {@link #PLANES}). */
        public long bytesPerRow(int cols) {
            return switch (this) {
                case PACKED -> Geometry.packedStride(cols);
                case PLANES -> (long) PLANE_COUNT * Geometry.planeStride(cols);
                case INT8 -> cols;
            };
        }

        /** Bytes a whole {@code rows x cols} matrix takes. */
        public long bytes(long rows, int cols) {
            return rows * bytesPerRow(cols);
        }
    }

    private final Form input;
    private final Form output;

    Direction(Form input, Form output) {
        this.input = input;
        this.output = output;
    }

    /** What it reads. */
    public Form input() {
        return input;
    }

    /** What it writes. */
    public Form output() {
        return output;
    }

    /** For people, e.g. {@code 2-bit -> planes}. */
    public String label() {
        return input.label() + " -> " + output.label();
    }

    /** Bytes of the larger of input and output for one row: what a copy baseline moves. */
    public long largerSideBytesPerRow(int cols) {
        return Math.max(input.bytesPerRow(cols), output.bytesPerRow(cols));
    }

    /**
     * Runs this conversion on {@code kernel}: between the planes {@code pos}, {@code neg} and {@code other}, the
     * 2-bit or int8 side, whichever the direction reads or writes.
     *
     * @return the kernel's bad-weight count
     */
    public long run(TernaryKernel kernel, MemorySegment pos, MemorySegment neg, MemorySegment other, int rows,
                    int cols) {
        return switch (this) {
            case BITNET_TO_PLANES -> kernel.bitnetToPlanes(other, pos, neg, rows, cols);
            case PLANES_TO_BITNET -> kernel.planesToBitnet(pos, neg, other, rows, cols);
            case PLANES_TO_INT8 -> kernel.planesToInt8(pos, neg, other, rows, cols);
            case INT8_TO_PLANES -> kernel.int8ToPlanes(other, pos, neg, rows, cols);
        };
    }
}

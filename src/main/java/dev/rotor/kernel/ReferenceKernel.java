package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * The definition of the layouts, weight by weight (FORMATS.md sections 1 and 2). Obviously correct and
 * deliberately slow: the truth every fast path is tested against and the benchmarks' baseline.
 */
public final class ReferenceKernel implements TernaryKernel {
    /** 2-bit codes of the BitNet layout, written (bit 2k+1, bit 2k). */
    static final int CODE_ZERO = 0b00;
    static final int CODE_PLUS = 0b10;
    static final int CODE_MINUS = 0b01;
    public static final int CODE_INVALID = 0b11;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public long bitnetToPlanes(MemorySegment packed, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        long invalid = 0;
        clear(pos);
        clear(neg);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int code = code(packed, r, c, cols);
                if (code == CODE_PLUS) {
                    setBit(pos, r, c, cols);
                } else if (code == CODE_MINUS) {
                    setBit(neg, r, c, cols);
                } else if (code == CODE_INVALID) {
                    invalid++;
                }
            }
        }
        return invalid;
    }

    @Override
    public long planesToBitnet(MemorySegment pos, MemorySegment neg, MemorySegment packed, int rows, int cols) {
        long both = 0;
        clear(packed);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int p = bit(pos, r, c, cols);
                int n = bit(neg, r, c, cols);
                both += p & n;
                int code = (p == 1 ? CODE_PLUS : CODE_ZERO) | (n == 1 ? CODE_MINUS : CODE_ZERO);
                long index = r * Geometry.packedStride(cols) + c / 4;
                int shift = 2 * (c % 4);
                packed.set(JAVA_BYTE, index, (byte) (packed.get(JAVA_BYTE, index) | code << shift));
            }
        }
        return both;
    }

    @Override
    public long planesToInt8(MemorySegment pos, MemorySegment neg, MemorySegment values, int rows, int cols) {
        long both = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int p = bit(pos, r, c, cols);
                int n = bit(neg, r, c, cols);
                both += p & n;
                values.set(JAVA_BYTE, (long) r * cols + c, (byte) (p - n));
            }
        }
        return both;
    }

    @Override
    public long int8ToPlanes(MemorySegment values, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        long outOfRange = 0;
        clear(pos);
        clear(neg);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                byte v = values.get(JAVA_BYTE, (long) r * cols + c);
                if (v == 1) {
                    setBit(pos, r, c, cols);
                } else if (v == -1) {
                    setBit(neg, r, c, cols);
                } else if (v != 0) {
                    outOfRange++;
                }
            }
        }
        return outOfRange;
    }

    /** The 2-bit code of weight (r, c): bits 2*(c%4) and 2*(c%4)+1 of byte r*ceil(cols/4) + c/4. */
    public static int code(MemorySegment packed, long r, int c, int cols) {
        long index = r * Geometry.packedStride(cols) + c / 4;
        return (packed.get(JAVA_BYTE, index) >>> (2 * (c % 4))) & 0b11;
    }

    /** Bit c%8 of byte r*ceil(cols/8) + c/8 of a plane. */
    public static int bit(MemorySegment plane, long r, int c, int cols) {
        long index = r * Geometry.planeStride(cols) + c / 8;
        return (plane.get(JAVA_BYTE, index) >>> (c % 8)) & 1;
    }

    private static void setBit(MemorySegment plane, long r, int c, int cols) {
        long index = r * Geometry.planeStride(cols) + c / 8;
        plane.set(JAVA_BYTE, index, (byte) (plane.get(JAVA_BYTE, index) | 1 << (c % 8)));
    }

    private static void clear(MemorySegment segment) {
        segment.fill((byte) 0);
    }
}

package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/** Shape arithmetic and argument checks shared by every entry point; all failures are IllegalArgumentExceptions. */
public final class Geometry {
    /** Weights in one byte of the 2-bit layout, and in one byte of both planes together. */
    public static final int WEIGHTS_PER_PACKED_BYTE = 4;

    private Geometry() { }

    /** Bytes per row of the BitNet 2-bit layout: ceil(cols / 4). */
    public static long packedStride(int cols) {
        return (cols + 3L) >>> 2;
    }

    /** Bytes per row of a rotor plane: ceil(cols / 8). */
    public static long planeStride(int cols) {
        return (cols + 7L) >>> 3;
    }

    public static void requireShape(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size: " + rows + "x" + cols);
        }
    }

    /** Size of one plane in bytes, checked to fit a Java array. */
    public static int planeBytes(int rows, int cols, String what) {
        requireShape(rows, cols);
        return toArraySize(rows * planeStride(cols), what, rows, cols);
    }

    public static int packedBytes(int rows, int cols, String what) {
        requireShape(rows, cols);
        return toArraySize(rows * packedStride(cols), what, rows, cols);
    }

    public static int int8Bytes(int rows, int cols, String what) {
        requireShape(rows, cols);
        return toArraySize((long) rows * cols, what, rows, cols);
    }

    private static int toArraySize(long size, String what, int rows, int cols) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " of a " + rows + "x" + cols + " matrix needs " + size
                    + " bytes, more than a Java array holds; use the MemorySegment variant");
        }
        return (int) size;
    }

    public static void requireLength(String what, byte[] array, int needed) {
        if (array == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (array.length != needed) {
            throw new IllegalArgumentException(what + " has " + array.length + " bytes, expected " + needed);
        }
    }

    /** Checks that a segment holds at least {@code needed} bytes and returns its first {@code needed} bytes. */
    public static MemorySegment region(String what, MemorySegment segment, long needed) {
        if (segment == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException(what + ": need " + needed + " bytes but the segment has "
                    + segment.byteSize());
        }
        return segment.asSlice(0, needed);
    }
}

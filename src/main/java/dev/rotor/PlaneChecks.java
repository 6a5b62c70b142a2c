package dev.rotor;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.Geometry;
import dev.rotor.kernel.ReferenceKernel;

/** Validation of planes handed in by callers: no weight both +1 and -1, padding bits zero. */
final class PlaneChecks {
    private PlaneChecks() { }

    /** Checks whole planes of a {@code rows x cols} matrix starting at the given array offsets. */
    static void requireValid(byte[] pos, int posOffset, byte[] neg, int negOffset, int rows, int cols) {
        int stride = (int) Geometry.planeStride(cols);
        int padding = paddingMask(cols);
        long both = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < stride; i++) {
                int p = pos[posOffset + r * stride + i];
                int n = neg[negOffset + r * stride + i];
                both += Integer.bitCount(p & n & 0xFF);
                if (i == stride - 1 && ((p | n) & padding) != 0) {
                    throw new IllegalArgumentException("planes: padding bits past column " + (cols - 1)
                            + " are set in row " + r + " (they must be zero)");
                }
            }
        }
        if (both > 0) {
            MemorySegment p = MemorySegment.ofArray(pos).asSlice(posOffset);
            MemorySegment n = MemorySegment.ofArray(neg).asSlice(negOffset);
            throw bothSet(p, n, rows, cols, both);
        }
    }

    /** The bits of a row's last plane byte that lie past the last column. */
    static int paddingMask(int cols) {
        int used = cols % 8;
        return used == 0 ? 0 : 0xFF & ~((1 << used) - 1);
    }

    /** An exception naming the first weight with both plane bits set. */
    static IllegalArgumentException bothSet(MemorySegment pos, MemorySegment neg, int rows, int cols, long count) {
        long stride = Geometry.planeStride(cols);
        for (long r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if ((ReferenceKernel.bit(pos, r, c, cols) & ReferenceKernel.bit(neg, r, c, cols)) != 0) {
                    return new IllegalArgumentException("planes: weight (row " + r + ", column " + c
                            + ") is both +1 and -1 (byte offset " + (r * stride + c / 8) + "); " + count
                            + " such weight" + (count == 1 ? "" : "s") + " in total");
                }
            }
        }
        return new IllegalArgumentException("planes: " + count + " weights are both +1 and -1");
    }
}

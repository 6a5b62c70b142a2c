package dev.rotor.compute;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.rotor.kernel.PlaneMatrix;

/**
 * The checks planes from segments pass once, when a matrix is made: no weight both +1 and -1 (scanned a word at a
 * time: a whole model's planes in well under a second), padding bits zero (one byte per row).
 */
final class PlaneValidation {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private PlaneValidation() { }

    static void requireValid(String name, PlaneMatrix m) {
        long stride = m.stride();
        long size = m.rows() * stride;
        if (anyBothSet(m.pos(), m.neg(), size)) {
            throw firstBothSet(name, m);
        }
        int used = m.cols() % 8;
        if (used == 0) {
            return;
        }
        int padding = 0xFF & ~((1 << used) - 1);
        for (int r = 0; r < m.rows(); r++) {
            long last = m.rowOffset(r) + stride - 1;
            if (((m.pos().get(JAVA_BYTE, last) | m.neg().get(JAVA_BYTE, last)) & padding) != 0) {
                throw new IllegalArgumentException(name + ": padding bits past column " + (m.cols() - 1)
                        + " are set in row " + r + " (byte offset " + last + "; they must be zero)");
            }
        }
    }

    private static boolean anyBothSet(MemorySegment pos, MemorySegment neg, long size) {
        long both = 0;
        long i = 0;
        for (; i + Long.BYTES <= size; i += Long.BYTES) {
            both |= pos.get(WORD, i) & neg.get(WORD, i);
        }
        for (; i < size; i++) {
            both |= pos.get(JAVA_BYTE, i) & neg.get(JAVA_BYTE, i);
        }
        return both != 0;
    }

    private static IllegalArgumentException firstBothSet(String name, PlaneMatrix m) {
        long stride = m.stride();
        for (int r = 0; r < m.rows(); r++) {
            for (long b = 0; b < stride; b++) {
                long at = m.rowOffset(r) + b;
                int both = m.pos().get(JAVA_BYTE, at) & m.neg().get(JAVA_BYTE, at) & 0xFF;
                if (both != 0) {
                    return new IllegalArgumentException(name + ": weight (row " + r + ", column "
                            + (8 * b + Integer.numberOfTrailingZeros(both)) + ") is both +1 and -1 (byte offset "
                            + at + ")");
                }
            }
        }
        throw new IllegalStateException("no weight is both +1 and -1");
    }
}

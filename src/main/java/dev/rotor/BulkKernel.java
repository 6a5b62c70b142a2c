package dev.rotor;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * The row geometry shared by the fast kernels. A fast kernel only converts whole <em>groups</em> of 8
 * weights (one plane byte, two 2-bit bytes, eight int8 bytes) along a contiguous run; this class walks
 * the rows, flattens the matrix into one run when rows have no padding ({@code cols % 8 == 0}), and
 * converts each row's last partial group weight by weight.
 *
 * <p>The group methods return a flag that is non-zero if any weight was bad; only then is the input
 * scanned again to count the bad weights exactly, so the hot loops carry no counter.
 */
abstract class BulkKernel implements TernaryKernel {
    static final int GROUP = 8;

    /** 2-bit → planes for {@code groups} groups; non-zero if an invalid code was seen. */
    abstract long bitnetGroups(MemorySegment packed, long packedOff, MemorySegment pos, MemorySegment neg,
                               long planeOff, long groups);

    /** planes → 2-bit for {@code groups} groups; non-zero if a weight had both bits set. */
    abstract long planesToBitnetGroups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment packed,
                                       long packedOff, long groups);

    /** planes → int8 for {@code groups} groups; non-zero if a weight had both bits set. */
    abstract long planesToInt8Groups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment values,
                                     long valuesOff, long groups);

    /** int8 → planes for {@code groups} groups; non-zero if a value was outside -1..1. */
    abstract long int8ToPlanesGroups(MemorySegment values, long valuesOff, MemorySegment pos, MemorySegment neg,
                                     long planeOff, long groups);

    @Override
    public final long bitnetToPlanes(MemorySegment packed, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        int groups = cols / GROUP;
        int tail = cols % GROUP;
        long flag = 0;
        if (tail == 0) {
            flag = bitnetGroups(packed, 0, pos, neg, 0, (long) rows * groups);
        } else {
            long ps = Geometry.packedStride(cols);
            long ss = Geometry.planeStride(cols);
            for (long r = 0; r < rows; r++) {
                flag |= bitnetGroups(packed, r * ps, pos, neg, r * ss, groups);
                flag |= bitnetTail(packed, r * ps + 2L * groups, pos, neg, r * ss + groups, tail);
            }
        }
        return flag == 0 ? 0 : countInvalidCodes(packed, rows, cols);
    }

    @Override
    public final long planesToBitnet(MemorySegment pos, MemorySegment neg, MemorySegment packed, int rows, int cols) {
        int groups = cols / GROUP;
        int tail = cols % GROUP;
        long flag = 0;
        if (tail == 0) {
            flag = planesToBitnetGroups(pos, neg, 0, packed, 0, (long) rows * groups);
        } else {
            long ps = Geometry.packedStride(cols);
            long ss = Geometry.planeStride(cols);
            for (long r = 0; r < rows; r++) {
                flag |= planesToBitnetGroups(pos, neg, r * ss, packed, r * ps, groups);
                flag |= planesToBitnetTail(pos, neg, r * ss + groups, packed, r * ps + 2L * groups, tail);
            }
        }
        return flag == 0 ? 0 : countBothSet(pos, neg, rows, cols);
    }

    @Override
    public final long planesToInt8(MemorySegment pos, MemorySegment neg, MemorySegment values, int rows, int cols) {
        int groups = cols / GROUP;
        int tail = cols % GROUP;
        long flag = 0;
        if (tail == 0) {
            flag = planesToInt8Groups(pos, neg, 0, values, 0, (long) rows * groups);
        } else {
            long ss = Geometry.planeStride(cols);
            for (long r = 0; r < rows; r++) {
                long valuesOff = r * cols;
                flag |= planesToInt8Groups(pos, neg, r * ss, values, valuesOff, groups);
                flag |= planesToInt8Tail(pos, neg, r * ss + groups, values, valuesOff + (long) GROUP * groups, tail);
            }
        }
        return flag == 0 ? 0 : countBothSet(pos, neg, rows, cols);
    }

    @Override
    public final long int8ToPlanes(MemorySegment values, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        int groups = cols / GROUP;
        int tail = cols % GROUP;
        long flag = 0;
        if (tail == 0) {
            flag = int8ToPlanesGroups(values, 0, pos, neg, 0, (long) rows * groups);
        } else {
            long ss = Geometry.planeStride(cols);
            for (long r = 0; r < rows; r++) {
                long valuesOff = r * cols;
                flag |= int8ToPlanesGroups(values, valuesOff, pos, neg, r * ss, groups);
                flag |= int8ToPlanesTail(values, valuesOff + (long) GROUP * groups, pos, neg, r * ss + groups, tail);
            }
        }
        return flag == 0 ? 0 : countOutOfRange(values);
    }

    // ---- the last partial group of a row, weight by weight (n < 8 weights) ----

    private static long bitnetTail(MemorySegment packed, long packedOff, MemorySegment pos, MemorySegment neg,
                                   long planeOff, int n) {
        int p = 0;
        int m = 0;
        long invalid = 0;
        for (int c = 0; c < n; c++) {
            int code = (packed.get(JAVA_BYTE, packedOff + c / 4) >>> (2 * (c % 4))) & 0b11;
            p |= (code == ReferenceKernel.CODE_PLUS ? 1 : 0) << c;
            m |= (code == ReferenceKernel.CODE_MINUS ? 1 : 0) << c;
            invalid |= code == ReferenceKernel.CODE_INVALID ? 1 : 0;
        }
        pos.set(JAVA_BYTE, planeOff, (byte) p);
        neg.set(JAVA_BYTE, planeOff, (byte) m);
        return invalid;
    }

    private static long planesToBitnetTail(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment packed,
                                           long packedOff, int n) {
        int p = pos.get(JAVA_BYTE, planeOff);
        int m = neg.get(JAVA_BYTE, planeOff);
        int codes = 0;
        for (int c = 0; c < n; c++) {
            int code = ((p >>> c) & 1) << 1 | ((m >>> c) & 1);
            codes |= code << (2 * c);
        }
        packed.set(JAVA_BYTE, packedOff, (byte) codes);
        if (n > 4) {
            packed.set(JAVA_BYTE, packedOff + 1, (byte) (codes >>> 8));
        }
        return p & m & ((1 << n) - 1);
    }

    private static long planesToInt8Tail(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment values,
                                         long valuesOff, int n) {
        int p = pos.get(JAVA_BYTE, planeOff);
        int m = neg.get(JAVA_BYTE, planeOff);
        for (int c = 0; c < n; c++) {
            values.set(JAVA_BYTE, valuesOff + c, (byte) (((p >>> c) & 1) - ((m >>> c) & 1)));
        }
        return p & m & ((1 << n) - 1);
    }

    private static long int8ToPlanesTail(MemorySegment values, long valuesOff, MemorySegment pos, MemorySegment neg,
                                         long planeOff, int n) {
        int p = 0;
        int m = 0;
        long bad = 0;
        for (int c = 0; c < n; c++) {
            byte v = values.get(JAVA_BYTE, valuesOff + c);
            p |= (v == 1 ? 1 : 0) << c;
            m |= (v == -1 ? 1 : 0) << c;
            bad |= (v < -1 || v > 1) ? 1 : 0;
        }
        pos.set(JAVA_BYTE, planeOff, (byte) p);
        neg.set(JAVA_BYTE, planeOff, (byte) m);
        return bad;
    }

    // ---- exact counts, only run when a group method raised its flag ----

    static long countInvalidCodes(MemorySegment packed, int rows, int cols) {
        long count = 0;
        for (long r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                count += ReferenceKernel.code(packed, r, c, cols) == ReferenceKernel.CODE_INVALID ? 1 : 0;
            }
        }
        return count;
    }

    static long countBothSet(MemorySegment pos, MemorySegment neg, int rows, int cols) {
        long count = 0;
        for (long r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                count += ReferenceKernel.bit(pos, r, c, cols) & ReferenceKernel.bit(neg, r, c, cols);
            }
        }
        return count;
    }

    static long countOutOfRange(MemorySegment values) {
        long count = 0;
        for (long i = 0; i < values.byteSize(); i++) {
            byte v = values.get(JAVA_BYTE, i);
            count += (v < -1 || v > 1) ? 1 : 0;
        }
        return count;
    }
}

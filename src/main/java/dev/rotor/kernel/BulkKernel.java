package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

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

    /** Unaligned little-endian words, as every layout stores them. */
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Bit 2k of every 2-bit code: the code's low bit. */
    static final long LOW_BITS = 0x5555_5555_5555_5555L;

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
        long flag = forEachRow(rows, cols, Geometry.packedStride(cols), 2, Geometry.planeStride(cols), 1,
                (in, out, groups) -> bitnetGroups(packed, in, pos, neg, out, groups),
                (in, out, n) -> bitnetTail(packed, in, pos, neg, out, n));
        return flag == 0 ? 0 : countInvalidCodes(packed, rows, cols);
    }

    @Override
    public final long planesToBitnet(MemorySegment pos, MemorySegment neg, MemorySegment packed, int rows, int cols) {
        long flag = forEachRow(rows, cols, Geometry.planeStride(cols), 1, Geometry.packedStride(cols), 2,
                (in, out, groups) -> planesToBitnetGroups(pos, neg, in, packed, out, groups),
                (in, out, n) -> planesToBitnetTail(pos, neg, in, packed, out, n));
        return flag == 0 ? 0 : countBothSet(pos, neg, rows, cols);
    }

    @Override
    public final long planesToInt8(MemorySegment pos, MemorySegment neg, MemorySegment values, int rows, int cols) {
        long flag = forEachRow(rows, cols, Geometry.planeStride(cols), 1, cols, GROUP,
                (in, out, groups) -> planesToInt8Groups(pos, neg, in, values, out, groups),
                (in, out, n) -> planesToInt8Tail(pos, neg, in, values, out, n));
        return flag == 0 ? 0 : countBothSet(pos, neg, rows, cols);
    }

    @Override
    public final long int8ToPlanes(MemorySegment values, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        long flag = forEachRow(rows, cols, cols, GROUP, Geometry.planeStride(cols), 1,
                (in, out, groups) -> int8ToPlanesGroups(values, in, pos, neg, out, groups),
                (in, out, n) -> int8ToPlanesTail(values, in, pos, neg, out, n));
        return flag == 0 ? 0 : countOutOfRange(values);
    }

    /** Converts whole groups from input offset {@code in} to output offset {@code out}; returns a bad-weight flag. */
    @FunctionalInterface
    private interface Groups {
        long convert(long in, long out, long groups);
    }

    /** Converts the {@code n < 8} weights of a row's last partial group; returns a bad-weight flag. */
    @FunctionalInterface
    private interface Tail {
        long convert(long in, long out, int n);
    }

    /**
     * Walks the rows: one run over the whole matrix when rows have no partial group (then input and output
     * rows are contiguous), else each row's whole groups and then its tail.
     *
     * @param inPerGroup  input bytes per group of 8 weights
     * @param outPerGroup output bytes per group of 8 weights
     * @return the OR of the flags the conversions returned
     */
    private static long forEachRow(int rows, int cols, long inStride, int inPerGroup, long outStride,
                                   int outPerGroup, Groups groups, Tail tail) {
        long whole = cols / GROUP;
        int rest = cols % GROUP;
        if (rest == 0) {
            return groups.convert(0, 0, rows * whole);
        }
        long flag = 0;
        for (long r = 0; r < rows; r++) {
            long in = r * inStride;
            long out = r * outStride;
            flag |= groups.convert(in, out, whole);
            flag |= tail.convert(in + inPerGroup * whole, out + outPerGroup * whole, rest);
        }
        return flag;
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

    /**
     * Counts codes {@code 11} word by word (LENIENT decoding returns this count, so it must not be slow);
     * the unused codes after a row's last column are not counted.
     */
    static long countInvalidCodes(MemorySegment packed, int rows, int cols) {
        long stride = Geometry.packedStride(cols);
        int wholeBytes = cols / 4;
        int lastCodes = cols % 4;
        long count = 0;
        for (long r = 0; r < rows; r++) {
            long row = r * stride;
            int b = 0;
            for (; b + Long.BYTES <= wholeBytes; b += Long.BYTES) {
                count += invalidCodes(packed.get(LONG, row + b), LOW_BITS);
            }
            for (; b < wholeBytes; b++) {
                count += invalidCodes(packed.get(JAVA_BYTE, row + b) & 0xFF, LOW_BITS);
            }
            if (lastCodes != 0) {
                count += invalidCodes(packed.get(JAVA_BYTE, row + wholeBytes) & 0xFF, LOW_BITS & ((1 << (2 * lastCodes)) - 1));
            }
        }
        return count;
    }

    /** How many of the codes under {@code lowBits} are {@code 11}. */
    private static int invalidCodes(long codes, long lowBits) {
        return Long.bitCount(codes & (codes >>> 1) & lowBits);
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

package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the scalar and vector matrix kernels share: block geometry, reading a plane row as 64-bit words, and the
 * bit-serial dot product of plane words with activation bit planes.
 *
 * <p><b>Bit-serial product.</b> An int8 value is {@code x = sum_k c_k x_k} over its bits {@code x_k}, with
 * {@code c_k = 2^k} for k < 7 and {@code c_7 = -128} (two's complement). For a word of 64 weights with planes
 * {@code p}, {@code n} and activation bit planes {@code x_k}:
 * <pre>
 *   sum_c w_c x_c = sum_k c_k (popcount(p & x_k) - popcount(n & x_k))
 *   T_k = popcount((p & x_k) | (n & ~x_k))      p and n are disjoint, so this is popcount(p & x_k) + popcount(n) - popcount(n & x_k)
 *   sum_c w_c x_c = sum_k c_k T_k - popcount(n) * sum_k c_k = sum_k c_k T_k + popcount(n)        (sum_k c_k = -1)
 * </pre>
 * {@code (p & x_k) | (n & ~x_k)} is a bitwise select (one VPTERNLOG on AVX-512), so each bit plane costs a select,
 * a popcount and an add, and the weights' signs cost one popcount per word.
 */
final class MatrixKernels {
    /** float32 in native byte order, at any alignment. */
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private MatrixKernels() { }

    /** How many blocks of {@code blockCols} columns a row of {@code cols} has (1 if it fits in one). */
    static int blocks(int cols, int blockCols) {
        return cols <= blockCols ? 1 : (cols + blockCols - 1) / blockCols;
    }

    /**
     * Word {@code i} (bytes {@code 8i .. 8i + 7}) of the plane row starting at {@code rowOffset}, zero past the
     * row's {@code stride} bytes (the next row is never read).
     */
    static long planeWord(MemorySegment plane, long rowOffset, long stride, int i) {
        long start = (long) i * Long.BYTES;
        if (start + Long.BYTES <= stride) {
            return plane.get(BulkKernel.LONG, rowOffset + start);
        }
        long word = 0;
        for (long b = start; b < stride; b++) {
            word |= (plane.get(JAVA_BYTE, rowOffset + b) & 0xFFL) << (8 * (b - start));
        }
        return word;
    }

    /**
     * The bit-serial product (class comment) of plane words {@code [from, to)} of a row with one token's activation
     * bit planes, which start at {@code token} in {@code x.bits()}.
     */
    static int dotWords(MemorySegment pos, MemorySegment neg, long rowOffset, long stride, Activations x, int token,
                        int from, int to) {
        long[] bits = x.bits();
        int g = x.group();
        int t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, negatives = 0;
        for (int i = from; i < to; i++) {
            long p = planeWord(pos, rowOffset, stride, i);
            long n = planeWord(neg, rowOffset, stride, i);
            long flip = p ^ n;                       // select(x, p, n) = n ^ (flip & x)
            int at = token + x.wordOffset(i);
            t0 += Long.bitCount(n ^ (flip & bits[at]));
            t1 += Long.bitCount(n ^ (flip & bits[at + g]));
            t2 += Long.bitCount(n ^ (flip & bits[at + 2 * g]));
            t3 += Long.bitCount(n ^ (flip & bits[at + 3 * g]));
            t4 += Long.bitCount(n ^ (flip & bits[at + 4 * g]));
            t5 += Long.bitCount(n ^ (flip & bits[at + 5 * g]));
            t6 += Long.bitCount(n ^ (flip & bits[at + 6 * g]));
            t7 += Long.bitCount(n ^ (flip & bits[at + 7 * g]));
            negatives += Long.bitCount(n);
        }
        return combine(t0, t1, t2, t3, t4, t5, t6, t7, negatives);
    }

    /** {@code sum_k c_k T_k + popcount(n)} (class comment). */
    static int combine(int t0, int t1, int t2, int t3, int t4, int t5, int t6, int t7, int negatives) {
        return t0 + (t1 << 1) + (t2 << 2) + (t3 << 3) + (t4 << 4) + (t5 << 5) + (t6 << 6) - (t7 << 7) + negatives;
    }

    /** Words of a row that hold columns {@code [0, cols)}: {@code ceil(cols / 64)}. */
    static int usedWords(int cols) {
        return (cols + 63) >>> 6;
    }

    /**
     * {@code sum_c w[c] v[c]} over plane words {@code [from, to)} of two rows by AND + popcount.
     */
    static int ternaryWords(PlaneMatrix w, long rowOffset, PlaneMatrix v, int from, int to) {
        long stride = w.stride();
        int sum = 0;
        for (int i = from; i < to; i++) {
            long p = planeWord(w.pos(), rowOffset, stride, i);
            long n = planeWord(w.neg(), rowOffset, stride, i);
            long vp = planeWord(v.pos(), 0, stride, i);
            long vn = planeWord(v.neg(), 0, stride, i);
            sum += Long.bitCount(p & vp) + Long.bitCount(n & vn) - Long.bitCount(p & vn) - Long.bitCount(n & vp);
        }
        return sum;
    }

    /** {@link MatrixKernel#absMax}, value by value: {@code Math.max} keeps a NaN once met. */
    static float absMax(MemorySegment x, long offset, int length) {
        float max = 0;
        for (int c = 0; c < length; c++) {
            max = Math.max(max, Math.abs(x.getAtIndex(FLOAT, offset + c)));
        }
        return max;
    }

    /** {@link MatrixKernel#quantize}, value by value: {@code Math.rint} rounds half to even. */
    static void quantize(MemorySegment x, long offset, int length, float s, byte[] q, int qOffset) {
        for (int c = 0; c < length; c++) {
            q[qOffset + c] = (byte) Math.clamp((long) Math.rint(x.getAtIndex(FLOAT, offset + c) * s), -128, 127);
        }
    }

    /** {@link MatrixKernel#scale}, value by value. */
    static void scale(int[] sums, int at, int n, float c, float m, MemorySegment y, long yIndex) {
        for (int i = 0; i < n; i++) {
            y.setAtIndex(FLOAT, yIndex + i, sums[at + i] / c * m);
        }
    }
}

package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API float operations at the width {@link KernelProvider} fixed for this JVM: one fused multiply-add per
 * vector of floats, lanes added up once at the end in lane order; matrix rows four at a time (four independent
 * sums, {@code x} loaded once for the four). F16 and BF16 elements are widened in registers from a half-width
 * vector of shorts:
 * <ul>
 *   <li>BF16: the 16 bits are the high half of the float32, so a shift left by 16 is the float;</li>
 *   <li>F16 ({@code h}: sign, 5-bit exponent, 10-bit mantissa): a normal number's float bits are
 *       {@code (h & 0x7FFF) << 13} plus the exponent bias difference {@code (127 - 15) << 23}, and the sign; a
 *       vector with any other lane takes a longer path, where a subnormal one
 *       ({@code h & 0x7FFF < 0x400}) is its 10-bit mantissa times 2^-24, computed as an int-to-float conversion and
 *       a multiply (so no subnormal float, which x86 would handle slowly, ever appears); exponent 31 (infinity, NaN)
 *       becomes exponent 255 with the same mantissa; the sign bit moves to bit 31. Exactly
 *       {@code Float.float16ToFloat}.</li>
 * </ul>
 */
public final class VectorFloatKernel implements FloatKernel {
    /** The width, fixed for the life of the JVM (see {@link VectorKernel#BITS}). */
    private static final int BITS = VectorKernel.BITS;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_MAX.withShape(VectorShape.forBitSize(BITS));
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_MAX.withShape(VectorShape.forBitSize(BITS));
    /** As many shorts as {@link #FLOATS} has floats: half the width. */
    private static final VectorSpecies<Short> SHORTS =
            ShortVector.SPECIES_MAX.withShape(VectorShape.forBitSize(BITS / 2));
    private static final int LANES = FLOATS.length();
    private static final int ROWS_PER_PASS = 4;
    private static final int F16_ROWS_PER_PASS = 2;

    private static final int F16_MAGNITUDE = 0x7FFF;
    /** F16 mantissa bits move up to the float's 23-bit mantissa. */
    private static final int F16_TO_F32_SHIFT = 13;
    /** The F16 exponent and mantissa after the shift. */
    private static final int F16_SHIFTED_MAGNITUDE = F16_MAGNITUDE << F16_TO_F32_SHIFT;
    /** Smallest magnitude of a normal F16 (exponent 1), shifted. */
    private static final int F16_SHIFTED_MIN_NORMAL = 0x0400 << F16_TO_F32_SHIFT;
    /** Shifted magnitudes from here on have exponent 31: infinity and NaN. */
    private static final int F16_SHIFTED_EXP_ALL_ONES = 0x7C00 << F16_TO_F32_SHIFT;
    /** The sign: bit 15 of the F16, bit 31 once sign-extended to an int, where the float has it too. */
    private static final int F32_SIGN = 0x80000000;
    /** {@code (127 - 15) << 23}: the exponent bias difference, added to the shifted bits of a normal number. */
    private static final int F16_REBIAS = (127 - 15) << 23;
    /** The float exponent field all ones. */
    private static final int F32_EXP_ALL_ONES = 0x7F800000;
    /** Value of the lowest mantissa bit of an F16 subnormal. */
    private static final float F16_SUBNORMAL_ULP = 0x1p-24f;

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        int bound = FLOATS.loopBound(length);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < bound; i += LANES) {
            acc = FloatVector.fromArray(FLOATS, a, aFrom + i).fma(FloatVector.fromArray(FLOATS, b, bFrom + i), acc);
        }
        float sum = sum(acc);
        for (int i = bound; i < length; i++) {
            sum = Math.fma(a[aFrom + i], b[bFrom + i], sum);
        }
        return sum;
    }

    @Override
    public void addScaled(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length) {
        int bound = FLOATS.loopBound(length);
        FloatVector a = FloatVector.broadcast(FLOATS, alpha);
        for (int i = 0; i < bound; i += LANES) {
            a.fma(FloatVector.fromArray(FLOATS, x, xFrom + i), FloatVector.fromArray(FLOATS, y, yFrom + i))
                    .intoArray(y, yFrom + i);
        }
        for (int i = bound; i < length; i++) {
            y[yFrom + i] = Math.fma(alpha, x[xFrom + i], y[yFrom + i]);
        }
    }

    /**
     * F16 in a loop of its own: with its widening beside the others in one loop, the loop grew past C2's inlining
     * budget and the fourth row's loads were not inlined (every vector then boxed, 3x slower).
     */
    @Override
    public void rows(MemorySegment w, FloatFormat format, int cols, int rowFrom, int rowTo, float[] x, float[] y,
                     int yFrom) {
        switch (format) {
            case F32, BF16 -> rowsFourAtATime(w, format, cols, rowFrom, rowTo, x, y, yFrom);
            case F16 -> rowsF16(w, cols, rowFrom, rowTo, x, y, yFrom);
        }
    }

    /**
     * Row {@code r + k} of a pass of four, clamped to the last row: a pass past the end recomputes that row (its
     * result is not stored twice, see {@link #store}).
     */
    private static long rowBase(int r, int k, int rowTo, int cols) {
        return (long) Math.min(r + k, rowTo - 1) * cols;
    }

    /** F32 or BF16 rows, four at a time. */
    private static void rowsFourAtATime(MemorySegment w, FloatFormat format, int cols, int rowFrom, int rowTo,
                                        float[] x, float[] y, int yFrom) {
        boolean bf16 = format == FloatFormat.BF16;
        int bound = FLOATS.loopBound(cols);
        for (int r = rowFrom; r < rowTo; r += ROWS_PER_PASS) {
            long b0 = rowBase(r, 0, rowTo, cols), b1 = rowBase(r, 1, rowTo, cols);
            long b2 = rowBase(r, 2, rowTo, cols), b3 = rowBase(r, 3, rowTo, cols);
            FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
            for (int c = 0; c < bound; c += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, c);
                s0 = wide(w, bf16, b0 + c).fma(xv, s0);
                s1 = wide(w, bf16, b1 + c).fma(xv, s1);
                s2 = wide(w, bf16, b2 + c).fma(xv, s2);
                s3 = wide(w, bf16, b3 + c).fma(xv, s3);
            }
            store(w, format, cols, bound, x, r, rowTo, y, yFrom + r - rowFrom, s0, s1, s2, s3);
        }
    }

    /**
     * F16 rows two at a time: the F16 widening has so many more operations that four rows' worth went past C2's
     * inlining budget again.
     */
    private static void rowsF16(MemorySegment w, int cols, int rowFrom, int rowTo, float[] x, float[] y, int yFrom) {
        int bound = FLOATS.loopBound(cols);
        for (int r = rowFrom; r < rowTo; r += F16_ROWS_PER_PASS) {
            long b0 = rowBase(r, 0, rowTo, cols), b1 = rowBase(r, 1, rowTo, cols);
            FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0;
            for (int c = 0; c < bound; c += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, c);
                s0 = f16(halves(w, b0 + c)).fma(xv, s0);
                s1 = f16(halves(w, b1 + c)).fma(xv, s1);
            }
            store(w, FloatFormat.F16, cols, bound, x, r, Math.min(rowTo, r + F16_ROWS_PER_PASS), y,
                    yFrom + r - rowFrom, s0, s1, s0, s1);
        }
    }

    /**
     * Finishes a pass of up to four rows from {@code r}: each row's lanes added, its columns past the last whole
     * vector added one by one, and the rows before {@code rowTo} stored from {@code y[at]}.
     */
    private static void store(MemorySegment w, FloatFormat format, int cols, int bound, float[] x, int r, int rowTo,
                              float[] y, int at, FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3) {
        int rows = Math.min(ROWS_PER_PASS, rowTo - r);
        y[at] = tail(w, format, (long) r * cols, bound, cols, x, sum(s0));
        if (rows > 1) {
            y[at + 1] = tail(w, format, (long) (r + 1) * cols, bound, cols, x, sum(s1));
        }
        if (rows > 2) {
            y[at + 2] = tail(w, format, (long) (r + 2) * cols, bound, cols, x, sum(s2));
        }
        if (rows > 3) {
            y[at + 3] = tail(w, format, (long) (r + 3) * cols, bound, cols, x, sum(s3));
        }
    }

    /**
     * The lanes added in lane order. Not {@code reduceLanes(ADD)}: its order is unspecified and differs between
     * the interpreter and C2, so the same call could give other bits once compiled.
     */
    private static float sum(FloatVector v) {
        float sum = 0;
        for (int i = 0; i < LANES; i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    /** Adds the columns {@code [from, cols)} of the row at element {@code base} to {@code sum}. */
    private static float tail(MemorySegment w, FloatFormat format, long base, int from, int cols, float[] x,
                              float sum) {
        for (int c = from; c < cols; c++) {
            sum = Math.fma(format.get(w, base + c), x[c], sum);
        }
        return sum;
    }

    /** {@link #LANES} BF16 elements (widened, class comment) or F32 elements from element {@code index}. */
    private static FloatVector wide(MemorySegment w, boolean bf16, long index) {
        return bf16 ? halves(w, index).lanewise(VectorOperators.LSHL, Short.SIZE).reinterpretAsFloats()
                : FloatVector.fromMemorySegment(FLOATS, w, index * Float.BYTES, LE);
    }

    /** {@link #LANES} 16-bit elements from element {@code index}, sign-extended to ints. */
    private static IntVector halves(MemorySegment w, long index) {
        return (IntVector) ShortVector.fromMemorySegment(SHORTS, w, index * Short.BYTES, LE)
                .convertShape(VectorOperators.S2I, INTS, 0);
    }

    /**
     * F16 bits (sign-extended to ints) to floats. Shifted left by 13, the exponent and mantissa land in the float's
     * places (the sign-extension bits above them are masked off); a normal number then only needs the exponent
     * rebiased and the sign (bit 31 of the sign-extended int) kept. Vectors with a zero, subnormal, infinite or NaN
     * lane (rare in weights) take the full conversion.
     */
    private static FloatVector f16(IntVector h) {
        IntVector shifted = h.lanewise(VectorOperators.LSHL, F16_TO_F32_SHIFT).and(F16_SHIFTED_MAGNITUDE);
        VectorMask<Integer> unusual = shifted.compare(VectorOperators.LT, F16_SHIFTED_MIN_NORMAL)
                .or(shifted.compare(VectorOperators.GE, F16_SHIFTED_EXP_ALL_ONES));
        if (unusual.anyTrue()) {
            return f16Unusual(h, shifted);
        }
        return shifted.add(F16_REBIAS).or(h.and(F32_SIGN)).reinterpretAsFloats();
    }

    private static FloatVector f16Unusual(IntVector h, IntVector shifted) {
        IntVector magnitude = h.and(F16_MAGNITUDE);
        IntVector normal = shifted.add(F16_REBIAS);
        IntVector subnormal = ((FloatVector) magnitude.convert(VectorOperators.I2F, 0)).mul(F16_SUBNORMAL_ULP)
                .reinterpretAsInts();
        IntVector special = shifted.or(F32_EXP_ALL_ONES);
        VectorMask<Integer> isSubnormal = shifted.compare(VectorOperators.LT, F16_SHIFTED_MIN_NORMAL);
        VectorMask<Integer> isSpecial = shifted.compare(VectorOperators.GE, F16_SHIFTED_EXP_ALL_ONES);
        return normal.blend(subnormal, isSubnormal).blend(special, isSpecial).or(h.and(F32_SIGN))
                .reinterpretAsFloats();
    }
}

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
 *       {@code (h & 0x7FFF) << 13} plus the exponent bias difference {@code (127 - 15) << 23}; a subnormal one
 *       ({@code h & 0x7FFF < 0x400}) is its 10-bit mantissa times 2^-24, computed as an int-to-float conversion and
 *       a multiply (so no subnormal float, which x86 would handle slowly, ever appears); exponent 31 (infinity, NaN)
 *       becomes exponent 255 with the same mantissa; the sign bit moves to bit 31. Exactly
 *       {@code Float.float16ToFloat}.</li>
 * </ul>
 */
public final class VectorFloatKernel implements FloatKernel {
    /** The width, fixed for the life of the JVM (see {@link VectorKernel#BITS}). */
    public static final int BITS = VectorKernel.BITS;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_MAX.withShape(VectorShape.forBitSize(BITS));
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_MAX.withShape(VectorShape.forBitSize(BITS));
    /** As many shorts as {@link #FLOATS} has floats: half the width. */
    private static final VectorSpecies<Short> SHORTS =
            ShortVector.SPECIES_MAX.withShape(VectorShape.forBitSize(BITS / 2));
    private static final int LANES = FLOATS.length();
    private static final int ROWS_PER_PASS = 4;

    private static final int F16_MAGNITUDE = 0x7FFF;
    private static final int F16_SIGN = 0x8000;
    /** Smallest magnitude of a normal F16 (exponent 1). */
    private static final int F16_MIN_NORMAL = 0x0400;
    /** Magnitudes from here on have exponent 31: infinity and NaN. */
    private static final int F16_EXP_ALL_ONES = 0x7C00;
    /** F16 mantissa bits move up to the float's 23-bit mantissa. */
    private static final int F16_TO_F32_SHIFT = 13;
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

    @Override
    public void rows(MemorySegment w, FloatFormat format, int cols, int rowFrom, int rowTo, float[] x, float[] y,
                     int yFrom) {
        int bound = FLOATS.loopBound(cols);
        int r = rowFrom;
        for (; r + ROWS_PER_PASS <= rowTo; r += ROWS_PER_PASS) {
            long b0 = (long) r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
            FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
            for (int c = 0; c < bound; c += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, c);
                s0 = load(w, format, b0 + c).fma(xv, s0);
                s1 = load(w, format, b1 + c).fma(xv, s1);
                s2 = load(w, format, b2 + c).fma(xv, s2);
                s3 = load(w, format, b3 + c).fma(xv, s3);
            }
            int at = yFrom + r - rowFrom;
            y[at] = tail(w, format, b0, bound, cols, x, sum(s0));
            y[at + 1] = tail(w, format, b1, bound, cols, x, sum(s1));
            y[at + 2] = tail(w, format, b2, bound, cols, x, sum(s2));
            y[at + 3] = tail(w, format, b3, bound, cols, x, sum(s3));
        }
        for (; r < rowTo; r++) {
            long base = (long) r * cols;
            FloatVector s = FloatVector.zero(FLOATS);
            for (int c = 0; c < bound; c += LANES) {
                s = load(w, format, base + c).fma(FloatVector.fromArray(FLOATS, x, c), s);
            }
            y[yFrom + r - rowFrom] = tail(w, format, base, bound, cols, x, sum(s));
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

    /** {@link #LANES} elements from element {@code index}, widened to floats (class comment). */
    private static FloatVector load(MemorySegment w, FloatFormat format, long index) {
        return switch (format) {
            case F32 -> FloatVector.fromMemorySegment(FLOATS, w, index * Float.BYTES, LE);
            case BF16 -> halves(w, index).lanewise(VectorOperators.LSHL, Short.SIZE).reinterpretAsFloats();
            case F16 -> f16(halves(w, index));
        };
    }

    /** {@link #LANES} 16-bit elements from element {@code index}, sign-extended to ints. */
    private static IntVector halves(MemorySegment w, long index) {
        return (IntVector) ShortVector.fromMemorySegment(SHORTS, w, index * Short.BYTES, LE)
                .convertShape(VectorOperators.S2I, INTS, 0);
    }

    private static FloatVector f16(IntVector h) {
        IntVector magnitude = h.and(F16_MAGNITUDE);
        IntVector sign = h.and(F16_SIGN).lanewise(VectorOperators.LSHL, Short.SIZE);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, F16_TO_F32_SHIFT);
        IntVector normal = shifted.add(F16_REBIAS);
        IntVector subnormal = ((FloatVector) magnitude.convert(VectorOperators.I2F, 0)).mul(F16_SUBNORMAL_ULP)
                .reinterpretAsInts();
        IntVector special = shifted.or(F32_EXP_ALL_ONES);
        VectorMask<Integer> isSubnormal = magnitude.compare(VectorOperators.LT, F16_MIN_NORMAL);
        VectorMask<Integer> isSpecial = magnitude.compare(VectorOperators.GE, F16_EXP_ALL_ONES);
        return normal.blend(subnormal, isSubnormal).blend(special, isSpecial).or(sign).reinterpretAsFloats();
    }
}

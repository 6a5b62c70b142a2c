package dev.rotor.synthetic;

import static dev.rotor.io.SegmentCursor.U64;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import dev.rotor.model.RotorFormat;

/**
 * Seeded random content for synthetic models, fast enough for billions of weights: ternary planes drawn 64 weights
 * at a time (bit-sliced comparisons of an 8-bit uniform number per weight against two thresholds, so each value's
 * probability is exact to 1/256), and floats of a plausible magnitude made by masking random bits.
 */
public final class RandomWeights {
    private static final int BITS = 8;

    private RandomWeights() {
    }

    /** A random generator for part {@code part} of item {@code item} of a model seeded with {@code seed}. */
    public static SplittableRandom random(long seed, long item, long part) {
        return new SplittableRandom(mix(mix(seed) ^ mix(item + 0x9E3779B97F4A7C15L) ^ part));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Fills rotor planes ({@code rows * ceil(cols/8)} bytes each) with weights that are 0 with probability about
     * {@code zeroFraction} and otherwise +1 or -1 with equal probability; padding bits stay clear.
     */
    public static void planes(SplittableRandom random, MemorySegment pos, MemorySegment neg, int rows, int cols,
                       double zeroFraction) {
        int nonZero = (int) Math.round((1 - zeroFraction) * (1 << BITS));
        int plus = nonZero / 2;
        int minus = nonZero - plus;
        long stride = RotorFormat.planeStride(cols);
        long[] u = new long[BITS];
        for (long r = 0; r < rows; r++) {
            for (long c = 0; c < cols; c += 64) {
                for (int b = 0; b < BITS; b++) {
                    u[b] = random.nextLong();
                }
                long valid = cols - c >= 64 ? -1L : (1L << (cols - c)) - 1;
                long p = below(u, plus) & valid;
                long n = below(u, plus + minus) & ~p & valid;
                put(pos, r * stride + c / 8, p, stride - c / 8);
                put(neg, r * stride + c / 8, n, stride - c / 8);
            }
        }
    }

    /** The bit-sliced test {@code u < limit} for 64 numbers of {@link #BITS} bits ({@code u[b]} holds bit b). */
    private static long below(long[] u, int limit) {
        if (limit >= 1 << BITS) {
            return -1L;
        }
        long less = 0;
        long equal = -1L;
        for (int b = BITS - 1; b >= 0; b--) {
            if ((limit >>> b & 1) != 0) {
                less |= equal & ~u[b];
                equal &= u[b];
            } else {
                equal &= ~u[b];
            }
        }
        return less;
    }

    /** Stores the low {@code min(8, room)} bytes of {@code word} little-endian at {@code offset}. */
    private static void put(MemorySegment segment, long offset, long word, long room) {
        if (room >= 8) {
            segment.set(U64, offset, word);
        } else {
            for (int i = 0; i < room; i++) {
                segment.set(JAVA_BYTE, offset + i, (byte) (word >>> (8 * i)));
            }
        }
    }

    /**
     * Fills {@code segment} with random bits, each 64-bit word masked with {@code and} then {@code or}, which
     * shapes the floats it holds (e.g. BF16 values of magnitude 2^-7 .. 2^-6).
     */
    static void bits(SplittableRandom random, MemorySegment segment, long and, long or) {
        long size = segment.byteSize();
        long at = 0;
        for (; at + 8 <= size; at += 8) {
            segment.set(U64, at, random.nextLong() & and | or);
        }
        if (at < size) {
            put(segment, at, random.nextLong() & and | or, size - at);
        }
    }

    /** BF16 embedding-like values, about ±0.01. */
    static final long[] BF16_SMALL = {0x807F807F807F807FL, 0x3C003C003C003C00L};
    /** BF16 norm-like values in [1, 2). */
    static final long[] BF16_NEAR_ONE = {0x007F007F007F007FL, 0x3F803F803F803F80L};
    /** F16 embedding-like values, about ±0.01. */
    static final long[] F16_SMALL = {0x83FF83FF83FF83FFL, 0x2000200020002000L};
    /** F32 norm-like values in [1, 2). */
    static final long[] F32_NEAR_ONE = {0x007FFFFF007FFFFFL, 0x3F8000003F800000L};

    /** A positive float in [low, 2 * low), rounded to be exact in fp16 (for TQ block scales) when asked. */
    static float scale(SplittableRandom random, float low, boolean fp16) {
        float value = low * (1 + random.nextFloat());
        return fp16 ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }

    /** A positive float in [low, 2 * low), exact in BF16 (the Hugging Face weight_scale dtype). */
    static float bf16Scale(SplittableRandom random, float low) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(low * (1 + random.nextFloat())) & 0xFFFF0000);
    }
}

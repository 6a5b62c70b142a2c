package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernel, written once for any species width (128, 256 or 512 bits). Only loaded when
 * {@link KernelProvider} has checked that the incubator module is readable and the width is native.
 *
 * <p>2-bit codes become planes by treating every 16-bit lane as 8 codes: a valid code has at most one bit
 * set, its high (odd) bit for +1 and its low (even) bit for -1, so the pos plane byte is the lane's 8 odd
 * bits and the neg byte its 8 even bits. Three multiplies gather each set into a byte and a narrowing
 * conversion packs the bytes into the plane. Planes become codes by the inverse: widen each plane byte
 * to a lane and spread its bits, again by multiplies, to the code positions.
 *
 * <p>Measured against hand-written AVX2 C ({@code bench/native/convert_avx2.c}) with {@code -XX:UseAVX=2}:
 * C's 2-bit → planes looks up each nibble's codes with {@code vpshufb} and joins byte pairs with
 * {@code vpmaddubsw}. The Vector API gives neither at 256 bits: {@code selectFrom} on a 32-byte vector
 * compiles to {@code vperm2i128}, two {@code vpshufb}, {@code vpaddb} and {@code vpblendvb} per lookup
 * (a lookup version ran 1.6x slower than the multiplies), so the multiplies stay: 22 instructions per 32
 * code bytes against C's 15, which is 1.2x C's time at 2560x2560 (near memory speed) and 1.6x in L2.
 */
public final class VectorKernel extends BulkKernel {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Handles the groups left over after the last whole vector. */
    private static final ScalarKernel SCALAR = new ScalarKernel();

    /** The bits {@link #spreadToEvenBits} moves at each step. */
    private static final short SPREAD_NIBBLE = 0x00F0;
    private static final short SPREAD_PAIR = 0x0C0C;
    private static final short SPREAD_BIT = 0x2222;
    /** The high (odd) bit of every 2-bit code, then the bit pairs and nibbles {@link #gatherOddBits} collects. */
    private static final short ODD_BITS = (short) 0xAAAA;
    private static final short ODD_PAIRS = (short) 0xCCCC;
    private static final short ODD_NIBBLES = (short) 0xF0F0;
    /** The low (even) bit of every code, then the pairs and nibbles {@link #gatherEvenBits} collects. */
    private static final short EVEN_BITS = 0x5555;
    private static final short EVEN_PAIRS = 0x6666;
    private static final short EVEN_NIBBLES = 0x7878;

    /**
     * The width, fixed for the life of the JVM: C2 only compiles Vector API calls to SIMD when the
     * species are constants, so they are static finals chosen once (see {@link KernelProvider#vectorBits}).
     */
    public static final int BITS = KernelProvider.vectorBits();
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);
    /** Half as many bytes: one plane's share of a full vector of 2-bit codes. */
    private static final VectorSpecies<Byte> HALF_BYTES = ByteVector.SPECIES_MAX.withShape(
            VectorShape.forBitSize(BITS / 2));
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_MAX.withShape(SHAPE);
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_MAX.withShape(SHAPE);
    /** The one width at which {@link #bitnetGroups} stores planes lane by lane into native memory. */
    private static final int LANE_STORE_BITS = 256;

    /** {@link #bitsToBytes}: int lane i shifts the plane bits right by 4i (within its 32-bit word). */
    private static final int NIBBLE = 0xF;
    private static final int NIBBLES_PER_INT = Integer.SIZE / 4;
    private static final IntVector NIBBLE_SHIFTS = IntVector.zero(INTS).addIndex(4).and(Integer.SIZE - 1);
    /** Lanes that take their nibble from the high 32 plane bits (512-bit vectors only). */
    private static final VectorMask<Integer> HIGH_WORD_LANES =
            IntVector.zero(INTS).addIndex(1).compare(VectorOperators.GE, NIBBLES_PER_INT);
    private static final int NIBBLE_TO_BYTES = 1 | 1 << 7 | 1 << 14 | 1 << 21;
    private static final int BYTE_LOW_BITS = 0x0101_0101;

    @Override
    public String name() {
        return "vector";
    }

    public int bitSize() {
        return BITS;
    }

    /**
     * Assumes every code is valid: code 11 would set both plane bits, so the loop only notes whether any
     * weight came out in both planes, and then the scalar kernel converts the run again, writing 0 for
     * such codes. Checking the two narrowed plane vectors costs two instructions, one fewer than checking
     * the codes.
     *
     * <p>At 256 bits, planes in native memory are written as long lanes: with vector stores into a
     * native segment C2 keeps every bounds, liveness and read-only check of the loop's three accesses
     * inside it (about 40 scalar instructions per vector: 1.5x slower), with scalar stores only the stores'
     * bounds checks. Into heap arrays, and at 512 bits (twice the work per check), vector stores are faster
     * (1.4x and 1.05x). At 128 bits a plane vector is 64 bits, which C2 does not compile as a vector of one
     * long: lane stores ran through the Vector API's Java fallback there, 40x slower than vector stores.
     * The test is loop-invariant, so C2 unswitches the loop.
     */
    @Override
    long bitnetGroups(MemorySegment packed, long packedOff, MemorySegment pos, MemorySegment neg, long planeOff,
                      long groups) {
        int step = BYTES.length() / 2;               // groups per vector of codes
        long bound = groups - groups % step;
        boolean laneStores = BITS == LANE_STORE_BITS && (pos.isNative() || neg.isNative());
        ByteVector both = ByteVector.zero(HALF_BYTES);
        for (long g = 0; g < bound; g += step) {
            ShortVector codes = ByteVector.fromMemorySegment(BYTES, packed, packedOff + 2 * g, LE).reinterpretAsShorts();
            ByteVector p = narrow(gatherOddBits(codes));
            ByteVector n = narrow(gatherEvenBits(codes));
            if (laneStores) {
                storeLanes(pos, planeOff + g, p);
                storeLanes(neg, planeOff + g, n);
            } else {
                p.intoMemorySegment(pos, planeOff + g, LE);
                n.intoMemorySegment(neg, planeOff + g, LE);
            }
            both = both.or(p.and(n));
        }
        if (both.reduceLanesToLong(VectorOperators.OR) != 0) {
            return SCALAR.bitnetGroups(packed, packedOff, pos, neg, planeOff, groups);
        }
        return SCALAR.bitnetGroups(packed, packedOff + 2 * bound, pos, neg, planeOff + bound, groups - bound);
    }

    @Override
    long planesToBitnetGroups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment packed,
                              long packedOff, long groups) {
        int step = BYTES.length() / 2;
        long bound = groups - groups % step;
        ShortVector both = ShortVector.zero(SHORTS);
        for (long g = 0; g < bound; g += step) {
            ShortVector p = widen(ByteVector.fromMemorySegment(HALF_BYTES, pos, planeOff + g, LE));
            ShortVector n = widen(ByteVector.fromMemorySegment(HALF_BYTES, neg, planeOff + g, LE));
            // +1 is code 10 (the high, odd bit), -1 is code 01 (the low, even bit).
            // Bit 15 of a spread lane is clear, so shifting it as part of a 32-bit lane loses nothing.
            ShortVector codes = WideLanes.shiftLeft(spreadToEvenBits(p), 1).or(spreadToEvenBits(n));
            codes.reinterpretAsBytes().intoMemorySegment(packed, packedOff + 2 * g, LE);
            both = both.or(p.and(n));
        }
        long flag = both.reduceLanesToLong(VectorOperators.OR);
        return flag | SCALAR.planesToBitnetGroups(pos, neg, planeOff + bound, packed, packedOff + 2 * bound,
                groups - bound);
    }

    /**
     * Each vector of int8 weights comes from one short, int or long of plane bits per plane, read as a
     * scalar: the loop holds one vector access instead of three, which matters for native segments, whose
     * bounds and liveness checks C2 does not hoist out of these loops. At 256 bits this ran 1.15x (heap
     * arrays) to 2.5x (off-heap) as fast as spreading each plane byte over a long lane (variable shift,
     * 32-bit multiply, unsigned min), and as fast at 512 bits.
     */
    @Override
    long planesToInt8Groups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment values,
                            long valuesOff, long groups) {
        int step = BYTES.length() / GROUP;           // plane bytes per vector of weights
        long bound = groups - groups % step;
        long both = 0;
        for (long g = 0; g < bound; g += step) {
            long p = loadBits(pos, planeOff + g);
            long n = loadBits(neg, planeOff + g);
            // 1 - 0 = +1, 0 - 1 = -1, and 1 - 1 = 0 where both bits are set (the LENIENT result).
            bitsToBytes(p).sub(bitsToBytes(n)).intoMemorySegment(values, valuesOff + (long) GROUP * g, LE);
            both |= p & n;
        }
        return both | SCALAR.planesToInt8Groups(pos, neg, planeOff + bound, values, valuesOff + (long) GROUP * bound,
                groups - bound);
    }

    @Override
    long int8ToPlanesGroups(MemorySegment values, long valuesOff, MemorySegment pos, MemorySegment neg,
                            long planeOff, long groups) {
        int step = BYTES.length() / GROUP;
        long bound = groups - groups % step;
        VectorMask<Byte> bad = BYTES.maskAll(false);
        for (long g = 0; g < bound; g += step) {
            ByteVector v = ByteVector.fromMemorySegment(BYTES, values, valuesOff + (long) GROUP * g, LE);
            storeBits(pos, planeOff + g, v.compare(VectorOperators.EQ, 1).toLong());
            storeBits(neg, planeOff + g, v.compare(VectorOperators.EQ, -1).toLong());
            // v + 1 maps -1..1 to 0..2; anything else lands above 2 unsigned.
            bad = bad.or(v.add((byte) 1).compare(VectorOperators.UGT, 2));
        }
        long flag = bad.anyTrue() ? 1 : 0;
        return flag | SCALAR.int8ToPlanesGroups(values, valuesOff + (long) GROUP * bound, pos, neg, planeOff + bound,
                groups - bound);
    }

    /**
     * Packs the 8 odd bits of each 16-bit lane, in order, into the lane's low byte; the high byte is left
     * undefined (the narrowing drops it). Multiplying by 1 + 2^k adds {@code x << k} to {@code x}; while
     * the set bits of the two do not overlap that is {@code x | x << k}, so each step is a multiply and a
     * mask that pull bit pairs, then nibbles, then the byte together. Multiplies run beside the shifts on
     * x86, which made this 1.5x as fast as an unzip by delta swaps on AVX2.
     */
    private static ShortVector gatherOddBits(ShortVector x) {
        x = x.and(ODD_BITS);
        x = x.mul((short) 0b11).and(ODD_PAIRS);      // bits 2k+1, 2k+3 -> 4j+2, 4j+3
        x = x.mul((short) 0b101).and(ODD_NIBBLES);   // -> 8j+4 .. 8j+7
        return WideLanes.shiftRight(x.mul((short) 0b1_0001), Byte.SIZE);  // -> 8..15, then down to the low byte
    }

    /** {@link #gatherOddBits} for the even bits: the same steps with the masks one bit lower. */
    private static ShortVector gatherEvenBits(ShortVector x) {
        x = x.and(EVEN_BITS);
        x = x.mul((short) 0b11).and(EVEN_PAIRS);     // bits 2k, 2k+2 -> 4j+1, 4j+2
        x = x.mul((short) 0b101).and(EVEN_NIBBLES);  // -> 8j+3 .. 8j+6
        return WideLanes.shiftRight(x.mul((short) 0b1_0001), Byte.SIZE - 1);  // -> 7..14, then down to the low byte
    }

    /**
     * Moves bit k of each 16-bit lane's low byte to bit 2k (the lane's other bits must be clear); the
     * inverse of {@link #gatherOddBits} shifted down by one. {@code x + (x & m) * (2^d - 1)} moves
     * the bits under mask m up by d places: nibbles apart, then bit pairs, then single bits.
     */
    private static ShortVector spreadToEvenBits(ShortVector x) {
        x = x.add(x.and(SPREAD_NIBBLE).mul((short) 0b1111));  // bits 4..7 -> 8..11
        x = x.add(x.and(SPREAD_PAIR).mul((short) 0b11));      // bits 2,3 / 10,11 -> 4,5 / 12,13
        return x.add(x.and(SPREAD_BIT));                     // bits 1, 5, 9, 13 -> 2, 6, 10, 14
    }

    /** Keeps the low byte of every 16-bit lane: a vector of half the width. */
    private static ByteVector narrow(ShortVector x) {
        return (ByteVector) x.convertShape(VectorOperators.S2B, HALF_BYTES, 0);
    }

    /** Zero-extends every byte to a 16-bit lane. */
    private static ShortVector widen(ByteVector x) {
        return (ShortVector) x.convertShape(VectorOperators.ZERO_EXTEND_B2S, SHORTS, 0);
    }

    /**
     * Byte k of the result is bit k of {@code bits} (0 or 1), for the low {@code BYTES.length()} bits. Int
     * lane i takes the nibble of bits 4i .. 4i+3 (from the high word for lanes 8 and up), and one multiply
     * moves nibble bit k to bit 8k: {@code x * (1 + 2^7 + 2^14 + 2^21)} puts bit k at k + 7m for m = 0..3,
     * sixteen distinct places (so no carries), and at 8k only for m = k.
     */
    private static ByteVector bitsToBytes(long bits) {
        IntVector x = IntVector.broadcast(INTS, (int) bits);
        if (INTS.length() > NIBBLES_PER_INT) {
            x = x.blend((int) (bits >>> Integer.SIZE), HIGH_WORD_LANES);
        }
        return x.lanewise(VectorOperators.LSHR, NIBBLE_SHIFTS).and(NIBBLE)
                .mul(NIBBLE_TO_BYTES).and(BYTE_LOW_BITS).reinterpretAsBytes();
    }

    /** Loads the {@code BYTES.length()} plane bits of one vector of weights, as {@link #storeBits} stores them. */
    private static long loadBits(MemorySegment plane, long offset) {
        return switch (BYTES.length()) {
            case 16 -> plane.get(SHORT, offset) & 0xFFFFL;
            case 32 -> plane.get(INT, offset) & 0xFFFF_FFFFL;
            default -> plane.get(LONG, offset);
        };
    }

    /** Stores a vector as its long lanes, one scalar store each (see {@link #bitnetGroups}). */
    private static void storeLanes(MemorySegment plane, long offset, ByteVector x) {
        LongVector longs = x.reinterpretAsLongs();
        for (int i = 0; i < longs.length(); i++) {
            plane.set(LONG, offset + (long) Long.BYTES * i, longs.lane(i));
        }
    }

    /** Stores the low {@code BYTES.length()} bits of a lane mask: one plane bit per int8 weight. */
    private static void storeBits(MemorySegment plane, long offset, long bits) {
        switch (BYTES.length()) {
            case 16 -> plane.set(SHORT, offset, (short) bits);
            case 32 -> plane.set(INT, offset, (int) bits);
            default -> plane.set(LONG, offset, bits);
        }
    }
}

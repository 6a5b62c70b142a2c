package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
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
 * (a lookup version ran 1.6x slower than the multiplies), so the multiplies stay.
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

    /** Byte k of every long holds bit k alone: selects weight k of a broadcast plane byte. */
    private static final long BIT_OF_BYTE = 0x8040_2010_0804_0201L;

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
    /** As many longs as a full byte vector holds groups of 8 bytes. */
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_MAX.withShape(SHAPE);
    /** Lane j shifts right by 8j bits: moves byte j of a broadcast long to the bottom of lane j. */
    private static final LongVector LANE_BYTE_SHIFTS = LongVector.zero(LONGS).addIndex(8);

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
     */
    @Override
    long bitnetGroups(MemorySegment packed, long packedOff, MemorySegment pos, MemorySegment neg, long planeOff,
                      long groups) {
        int step = BYTES.length() / 2;               // groups per vector of codes
        long bound = groups - groups % step;
        ByteVector both = ByteVector.zero(HALF_BYTES);
        for (long g = 0; g < bound; g += step) {
            ShortVector codes = ByteVector.fromMemorySegment(BYTES, packed, packedOff + 2 * g, LE).reinterpretAsShorts();
            ByteVector p = narrow(gatherOddBits(codes));
            ByteVector n = narrow(gatherEvenBits(codes));
            p.intoMemorySegment(pos, planeOff + g, LE);
            n.intoMemorySegment(neg, planeOff + g, LE);
            both = both.or(p.and(n));
        }
        if (both.reinterpretAsLongs().reduceLanesToLong(VectorOperators.OR) != 0) {
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
            // As 32-bit lanes for an immediate shift count (see shiftRight): bit 15 of a spread lane is clear.
            ShortVector plus = spreadToEvenBits(p).reinterpretAsInts().lanewise(VectorOperators.LSHL, 1).reinterpretAsShorts();
            ShortVector codes = plus.or(spreadToEvenBits(n));
            codes.reinterpretAsBytes().intoMemorySegment(packed, packedOff + 2 * g, LE);
            both = both.or(p.and(n));
        }
        long flag = both.reduceLanesToLong(VectorOperators.OR);
        return flag | SCALAR.planesToBitnetGroups(pos, neg, planeOff + bound, packed, packedOff + 2 * bound,
                groups - bound);
    }

    @Override
    long planesToInt8Groups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment values,
                            long valuesOff, long groups) {
        int step = LONGS.length();                   // plane bytes per output vector
        // Each step loads 8 plane bytes and uses the first `step`: stop while 8 are still in range.
        long bound = groups < GROUP ? 0 : groups - GROUP + 1;
        bound -= bound % step;
        ByteVector bitOfByte = LongVector.broadcast(LONGS, BIT_OF_BYTE).reinterpretAsBytes();
        ByteVector both = ByteVector.zero(BYTES);
        for (long g = 0; g < bound; g += step) {
            ByteVector p = spread(pos, planeOff + g).and(bitOfByte);
            ByteVector n = spread(neg, planeOff + g).and(bitOfByte);
            // Each byte now holds 0 or its own bit; unsigned min with 1 makes that 0 or 1.
            ByteVector weight = p.lanewise(VectorOperators.UMIN, (byte) 1).sub(n.lanewise(VectorOperators.UMIN, (byte) 1));
            weight.intoMemorySegment(values, valuesOff + (long) GROUP * g, LE);
            both = both.or(p.and(n));
        }
        long flag = both.reinterpretAsLongs().reduceLanesToLong(VectorOperators.OR);
        return flag | SCALAR.planesToInt8Groups(pos, neg, planeOff + bound, values, valuesOff + (long) GROUP * bound,
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
        return shiftRight(x.mul((short) 0b1_0001), Byte.SIZE);  // -> 8..15, then down to the low byte
    }

    /** {@link #gatherOddBits} for the even bits: the same steps with the masks one bit lower. */
    private static ShortVector gatherEvenBits(ShortVector x) {
        x = x.and(EVEN_BITS);
        x = x.mul((short) 0b11).and(EVEN_PAIRS);     // bits 2k, 2k+2 -> 4j+1, 4j+2
        x = x.mul((short) 0b101).and(EVEN_NIBBLES);  // -> 8j+3 .. 8j+6
        return shiftRight(x.mul((short) 0b1_0001), Byte.SIZE - 1);  // -> 7..14, then down to the low byte
    }

    /**
     * Shifts each 16-bit lane right by n (at most 8) as 32-bit lanes: the top n bits of every other lane
     * get bits of its neighbour, which the narrowing drops. C2 compiles a 32-bit shift by a constant to
     * one instruction with an immediate count, but a 16-bit one to a {@code vmovd} of the count into a
     * vector register in every iteration, a port-5 instruction that the narrowing needs.
     */
    private static ShortVector shiftRight(ShortVector x, int n) {
        return x.reinterpretAsInts().lanewise(VectorOperators.LSHR, n).reinterpretAsShorts();
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
     * Copies plane bytes {@code offset .. offset + L - 1} (L = longs per vector) each into all 8 bytes
     * of its own long lane, ready to be tested bit by bit. Reads 8 bytes from {@code offset}.
     */
    private static ByteVector spread(MemorySegment plane, long offset) {
        LongVector x = LongVector.broadcast(LONGS, plane.get(LONG, offset))
                .lanewise(VectorOperators.LSHR, LANE_BYTE_SHIFTS).and(0xFFL);
        // Both 32-bit halves of a long lane get its byte, then a multiply copies it into all 4 bytes of each half.
        return x.or(x.lanewise(VectorOperators.LSHL, 32)).reinterpretAsInts().mul(0x0101_0101).reinterpretAsBytes();
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

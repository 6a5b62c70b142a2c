package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * Portable scalar kernel: whole 64-bit words and {@link Long#compress}/{@link Long#expand}
 * (BMI2 PEXT/PDEP on x86) to (de)interleave the 2-bit codes. The fallback when SIMD is unavailable.
 */
public final class ScalarKernel extends BulkKernel {

    /** Bit 0 of every byte. */
    private static final long BYTE_LSBS = 0x0101_0101_0101_0101L;
    /** Groups handled per 64-bit word of 2-bit codes (32 weights). */
    private static final int WORD_GROUPS = 4;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    long bitnetGroups(MemorySegment packed, long packedOff, MemorySegment pos, MemorySegment neg, long planeOff,
                      long groups) {
        long invalid = 0;
        long g = 0;
        for (; g + WORD_GROUPS <= groups; g += WORD_GROUPS) {
            long codes = packed.get(LONG, packedOff + 2 * g);
            long hi = (codes >>> 1) & LOW_BITS;
            long lo = codes & LOW_BITS;
            // code 10 -> +1 and 01 -> -1; gather one bit per code (PEXT) into 32 plane bits.
            pos.set(INT, planeOff + g, (int) Long.compress(hi & ~lo, LOW_BITS));
            neg.set(INT, planeOff + g, (int) Long.compress(lo & ~hi, LOW_BITS));
            invalid |= hi & lo;
        }
        for (; g < groups; g++) {
            long codes = packed.get(SHORT, packedOff + 2 * g) & 0xFFFFL;
            long hi = (codes >>> 1) & LOW_BITS;
            long lo = codes & LOW_BITS;
            pos.set(JAVA_BYTE, planeOff + g, (byte) Long.compress(hi & ~lo, LOW_BITS));
            neg.set(JAVA_BYTE, planeOff + g, (byte) Long.compress(lo & ~hi, LOW_BITS));
            invalid |= hi & lo;
        }
        return invalid;
    }

    @Override
    long planesToBitnetGroups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment packed,
                              long packedOff, long groups) {
        long both = 0;
        long g = 0;
        for (; g + WORD_GROUPS <= groups; g += WORD_GROUPS) {
            long p = pos.get(INT, planeOff + g) & 0xFFFF_FFFFL;
            long n = neg.get(INT, planeOff + g) & 0xFFFF_FFFFL;
            packed.set(LONG, packedOff + 2 * g, Long.expand(p, LOW_BITS) << 1 | Long.expand(n, LOW_BITS));
            both |= p & n;
        }
        for (; g < groups; g++) {
            long p = pos.get(JAVA_BYTE, planeOff + g) & 0xFFL;
            long n = neg.get(JAVA_BYTE, planeOff + g) & 0xFFL;
            packed.set(SHORT, packedOff + 2 * g, (short) (Long.expand(p, LOW_BITS) << 1 | Long.expand(n, LOW_BITS)));
            both |= p & n;
        }
        return both;
    }

    @Override
    long planesToInt8Groups(MemorySegment pos, MemorySegment neg, long planeOff, MemorySegment values,
                            long valuesOff, long groups) {
        long both = 0;
        for (long g = 0; g < groups; g++) {
            long p = pos.get(JAVA_BYTE, planeOff + g) & 0xFFL;
            long n = neg.get(JAVA_BYTE, planeOff + g) & 0xFFL;
            // One byte per weight: 0x01 for +1, 0xFF for -1 (0x01 * 0xFF cannot carry), 0 otherwise.
            long plus = Long.expand(p & ~n, BYTE_LSBS);
            long minus = Long.expand(n & ~p, BYTE_LSBS) * 0xFF;
            values.set(LONG, valuesOff + GROUP * g, plus | minus);
            both |= p & n;
        }
        return both;
    }

    @Override
    long int8ToPlanesGroups(MemorySegment values, long valuesOff, MemorySegment pos, MemorySegment neg,
                            long planeOff, long groups) {
        long bad = 0;
        for (long g = 0; g < groups; g++) {
            long v = values.get(LONG, valuesOff + GROUP * g);
            // Valid bytes are 0x00, 0x01 and 0xFF: bit 7 marks -1, bit 0 without bit 7 marks +1.
            long minus = (v >>> 7) & BYTE_LSBS;
            long plus = v & BYTE_LSBS & ~minus;
            pos.set(JAVA_BYTE, planeOff + g, (byte) Long.compress(plus, BYTE_LSBS));
            neg.set(JAVA_BYTE, planeOff + g, (byte) Long.compress(minus, BYTE_LSBS));
            bad |= v ^ (plus | minus * 0xFF);
        }
        return bad;
    }
}

package dev.rotor.kernel;

import static dev.rotor.kernel.LittleEndian.BYTE_LSBS;
import static dev.rotor.kernel.LittleEndian.SHORT;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * Portable decoder: whole 64-bit words of code bytes, {@link Long#compress} (BMI2 PEXT on x86) to gather
 * one code bit per byte, and 256-entry tables for TQ1_0. The fallback when the Vector API is unavailable,
 * and the Vector API decoder's tail.
 */
public final class ScalarLaneDecoder implements LaneDecoder {
    /** Bit 2k of every byte: the low bit of each of its four codes. */
    private static final long CODE_LOW_BITS = 0x5555_5555_5555_5555L;
    private static final int BYTE_MASK = 0xFF;

    @Override
    public long codes(MemorySegment data, long codeStart, MemorySegment pos, MemorySegment neg, long planeStart,
                      ChunkMap map, long lanes) {
        long bad = 0;
        for (long chunk = 0; chunk * ChunkMap.CHUNK < lanes; chunk++) {
            int count = (int) Math.min(ChunkMap.CHUNK, lanes - chunk * ChunkMap.CHUNK);
            long in = codeStart + chunk * map.codeStride();
            long out = planeStart + chunk * map.planeStride();
            for (int lane = 0; lane < count; lane += Byte.SIZE) {
                int n = Math.min(Byte.SIZE, count - lane);
                long word = LittleEndian.load(data, in + lane, n);
                long hi = (word >>> 1) & CODE_LOW_BITS;
                long lo = word & CODE_LOW_BITS;
                // Code 2 (+1) is hi without lo, code 0 (-1) neither; bytes past the lanes hold no weight.
                long plus = hi & ~lo;
                long minus = ~(hi | lo) & CODE_LOW_BITS & LittleEndian.bytesMask(n);
                bad |= hi & lo;
                for (int s = 0; s < ChunkMap.SHIFTS; s++) {
                    long sel = BYTE_LSBS << (2 * s);
                    long at = map.planeOffset(out, s, lane);
                    pos.set(JAVA_BYTE, at, (byte) Long.compress(plus, sel));
                    neg.set(JAVA_BYTE, at, (byte) Long.compress(minus, sel));
                }
            }
        }
        return bad;
    }

    @Override
    public long trits(MemorySegment data, MemorySegment pos, MemorySegment neg, long blocks) {
        long bad = 0;
        for (long b = 0; b < blocks; b++) {
            long in = b * TritBlock.BYTES;
            long out = b * TritBlock.PLANE_BYTES;
            for (int lane = 0; lane < TritBlock.CODE_LANES; lane += Byte.SIZE) {
                int n = Math.min(Byte.SIZE, TritBlock.CODE_LANES - lane);
                boolean qh = lane >= TritBlock.QS_LANES;
                long[] plusTable = qh ? TritBlock.QH_PLUS : TritBlock.QS_PLUS;
                long[] minusTable = qh ? TritBlock.QH_MINUS : TritBlock.QS_MINUS;
                byte[] invalidTable = qh ? TritBlock.QH_INVALID : TritBlock.QS_INVALID;
                long word = LittleEndian.load(data, in + lane, n);
                long plus = 0;
                long minus = 0;
                for (int i = 0; i < n; i++) {
                    int q = (int) (word >>> (Byte.SIZE * i)) & BYTE_MASK;
                    plus |= plusTable[q] << i;
                    minus |= minusTable[q] << i;
                    bad |= invalidTable[q];
                }
                // Byte t of plus/minus now holds trit t's plane bits of these lanes.
                if (qh) {
                    long at = out + TritBlock.weight(lane, 0) / Byte.SIZE;
                    pos.set(SHORT, at, TritBlock.qhPlaneBits(plus));
                    neg.set(SHORT, at, TritBlock.qhPlaneBits(minus));
                } else {
                    for (int t = 0; t < TritBlock.TRITS; t++) {
                        long at = out + TritBlock.weight(lane, t) / Byte.SIZE;
                        pos.set(JAVA_BYTE, at, (byte) (plus >>> (Byte.SIZE * t)));
                        neg.set(JAVA_BYTE, at, (byte) (minus >>> (Byte.SIZE * t)));
                    }
                }
            }
        }
        return bad;
    }
}

package dev.rotor.kernel;

import static dev.rotor.kernel.LittleEndian.BYTE_LSBS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * Planes back to codes, the inverse of {@link LaneDecoder} over the same geometry. Portable scalar code on
 * whole words ({@link Long#expand}, BMI2 PDEP on x86): encoding is the export direction, not the hot path.
 * Returns a flag that is non-zero if any weight had both plane bits set; what such a weight encodes to is
 * unspecified, because the codecs then reject the planes.
 */
public final class LaneEncoder {
    private LaneEncoder() { }

    /** Eight bytes of four code-1 (zero) codes each: {@code 01 01 01 01}. */
    private static final long ZERO_CODES = 0x5555_5555_5555_5555L;
    /** XOR turning a code-1 (zero) byte lane into code 2 (+1) at shift 0; resp. into code 0 (-1). */
    private static final int TO_PLUS = ChunkMap.CODE_ZERO ^ ChunkMap.CODE_PLUS;
    private static final int TO_MINUS = ChunkMap.CODE_ZERO ^ ChunkMap.CODE_MINUS;
    private static final int LANES_PER_WORD = Byte.SIZE;

    /** Writes {@code lanes} code bytes laid out as {@code map} describes from the planes' bits. */
    public static long codes(MemorySegment pos, MemorySegment neg, long planeStart, ChunkMap map, MemorySegment data,
                      long codeStart, long lanes) {
        long both = 0;
        for (long chunk = 0; chunk * ChunkMap.CHUNK < lanes; chunk++) {
            int count = (int) Math.min(ChunkMap.CHUNK, lanes - chunk * ChunkMap.CHUNK);
            long in = planeStart + chunk * map.planeStride();
            long out = codeStart + chunk * map.codeStride();
            for (int lane = 0; lane < count; lane += LANES_PER_WORD) {
                int n = Math.min(LANES_PER_WORD, count - lane);
                int used = (1 << n) - 1;
                long word = ZERO_CODES;
                for (int s = 0; s < ChunkMap.SHIFTS; s++) {
                    long at = map.planeOffset(in, s, lane);
                    int p = pos.get(JAVA_BYTE, at) & used;
                    int m = neg.get(JAVA_BYTE, at) & used;
                    // One bit per byte lane at the code's low bit, times the XOR that recodes the zero code.
                    long lowBits = BYTE_LSBS << (2 * s);
                    word ^= Long.expand(p, lowBits) * TO_PLUS ^ Long.expand(m, lowBits) * TO_MINUS;
                    both |= p & m;
                }
                LittleEndian.store(data, out + lane, word, n);
            }
        }
        return both;
    }

    /** Writes the code bytes (not the scales) of {@code blocks} TQ1_0 blocks from the planes' bits. */
    public static long trits(MemorySegment pos, MemorySegment neg, MemorySegment data, long blocks) {
        long both = 0;
        for (long b = 0; b < blocks; b++) {
            long in = b * TritBlock.PLANE_BYTES;
            long out = b * TritBlock.BYTES;
            for (int lane = 0; lane < TritBlock.CODE_LANES; lane += LANES_PER_WORD) {
                int n = Math.min(LANES_PER_WORD, TritBlock.CODE_LANES - lane);
                int used = (1 << n) - 1;
                // Horner's rule on eight byte lanes at once, most significant trit first: every lane stays
                // within 0..242, so no carry crosses into the next lane.
                long values = 0;
                for (int t = 0; t < TritBlock.TRITS; t++) {
                    long digits = 0;
                    if (t < TritBlock.trits(lane)) {
                        int weight = TritBlock.weight(lane, t);
                        int p = (pos.get(JAVA_BYTE, in + weight / Byte.SIZE) >>> (weight % Byte.SIZE)) & used;
                        int m = (neg.get(JAVA_BYTE, in + weight / Byte.SIZE) >>> (weight % Byte.SIZE)) & used;
                        both |= p & m;
                        digits = (BYTE_LSBS & LittleEndian.bytesMask(n)) + Long.expand(p, BYTE_LSBS)
                                - Long.expand(m, BYTE_LSBS);
                    } // else: qh's fifth trit, always 0
                    values = values * 3 + digits;
                }
                long bytes = 0;
                for (int i = 0; i < n; i++) {
                    int v = (int) (values >>> (Byte.SIZE * i)) & 0xFF;
                    bytes |= (TritBlock.ENCODED[v] & 0xFFL) << (Byte.SIZE * i);
                }
                LittleEndian.store(data, out + lane, bytes, n);
            }
        }
        return both;
    }
}

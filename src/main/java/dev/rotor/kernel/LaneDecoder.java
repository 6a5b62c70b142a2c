package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The bulk decoders behind the codecs: one portable scalar implementation and one Vector API
 * implementation, chosen once by {@link KernelProvider} with the conversion kernel. Callers pass segments
 * already checked to hold everything touched; decoders never allocate per chunk and never throw for bad data. An invalid code
 * decodes as 0 (the {@link dev.rotor.InvalidCodePolicy#LENIENT} result) and only raises the returned flag:
 * the codec then counts and locates invalid codes exactly, off the hot path.
 */
public interface LaneDecoder {
    /**
     * Decodes {@code lanes} bytes of 2-bit codes laid out as {@code map} describes, writing the plane bytes
     * of every lane; plane bits of a partial last chunk past its lanes are written as zero.
     *
     * @return non-zero if any code was 3
     */
    long codes(MemorySegment data, long codeStart, MemorySegment pos, MemorySegment neg, long planeStart,
               ChunkMap map, long lanes);

    /**
     * Decodes {@code blocks} TQ1_0 blocks from the start of {@code data} into the planes
     * ({@value TritBlock#PLANE_BYTES} bytes per block). Every weight of a non-canonical byte decodes as 0.
     *
     * @return non-zero if any byte was not canonical
     */
    long trits(MemorySegment data, MemorySegment pos, MemorySegment neg, long blocks);
}

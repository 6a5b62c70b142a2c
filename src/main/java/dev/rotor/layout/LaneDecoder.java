package dev.rotor.layout;

import java.lang.foreign.MemorySegment;

import dev.rotor.Backend;
import dev.rotor.Rotor;

/**
 * The bulk decoders behind the codecs: one portable scalar implementation and one Vector API
 * implementation, chosen once like the core kernels. Callers pass segments already checked to hold
 * everything touched; decoders never allocate per chunk and never throw for bad data. An invalid code
 * decodes as 0 (the {@link dev.rotor.InvalidCodePolicy#LENIENT} result) and only raises the returned flag:
 * the codec then counts and locates invalid codes exactly, off the hot path.
 */
interface LaneDecoder {
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

    /**
     * The decoder for this JVM: the Vector API one at {@link Backend#vectorBits()} when the core uses
     * vectors, else the scalar one. The vector class is only loaded in the first case, by name, so that
     * nothing here links against {@code jdk.incubator.vector} when the module is absent.
     */
    static LaneDecoder chosen() {
        Backend backend = Rotor.backend();
        if (backend.isVector()) {
            try {
                return (LaneDecoder) Class.forName(LaneDecoder.class.getPackageName() + ".VectorLaneDecoder")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.getLogger("dev.rotor").log(System.Logger.Level.WARNING,
                        "rotor layouts: Vector API decoder unavailable, using scalar: " + e);
            }
        }
        return new ScalarLaneDecoder();
    }
}

package dev.rotor.layout;

import java.lang.foreign.MemorySegment;

import dev.rotor.InvalidCodePolicy;

/**
 * Reads and writes one packed ternary layout as rotor planes. Planes are row-major with
 * ceil(cols/8) bytes per row (FORMATS.md section 1). Implementations are stateless and thread-safe.
 */
public interface TernaryCodec {
    /** The layout this codec handles. */
    SourceLayout layout();

    /**
     * The exact byte size of a {@code rows x cols} tensor's data in this layout, codes plus any scales
     * stored inside the data (I2_S: n/4 + 32; TQ2_0: 66 and TQ1_0: 54 bytes per 256 weights).
     *
     * @throws IllegalArgumentException if the layout cannot hold that shape (e.g. TQ rows not a
     *                                  multiple of 256 weights, HF rows not a multiple of 4)
     */
    long dataSize(int rows, int cols);

    /** How many scales the data itself holds: 0 (BitNet 2-bit, Hugging Face), 1 (I2_S) or rows*cols/256 (TQ). */
    long scaleCount(int rows, int cols);

    /**
     * Decodes the ternary codes of {@code data} (at least {@link #dataSize} bytes) into the planes
     * (at least rows * ceil(cols/8) bytes each; padding bits written as zero).
     *
     * @return how many invalid codes were decoded as 0 (0 under STRICT, which throws instead)
     * @throws dev.rotor.InvalidTernaryCodeException under STRICT, naming the first invalid weight
     */
    long decode(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg, InvalidCodePolicy policy);

    /** Copies the scales stored in {@code data} into {@code scales[0 .. scaleCount)}, widened exactly to float. */
    void readScales(MemorySegment data, int rows, int cols, float[] scales);

    /**
     * Writes planes and scales as {@link #dataSize} bytes of this layout (padding and unused codes as zero).
     *
     * @param scales {@link #scaleCount} values; each must be exactly representable in the layout's scale type
     */
    void encode(MemorySegment pos, MemorySegment neg, float[] scales, int rows, int cols, MemorySegment data);

    /** The codec for a layout. */
    static TernaryCodec of(SourceLayout layout) {
        return Codecs.of(layout);
    }
}

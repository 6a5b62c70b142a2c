package dev.rotor.layout;

import java.lang.foreign.MemorySegment;

import dev.rotor.InvalidCodePolicy;

/**
 * Reads and writes one packed ternary layout as rotor planes. Planes are row-major with
 * ceil(cols/8) bytes per row (FORMATS.md section 1). Implementations are stateless and thread-safe.
 *
 * <pre>{@code
 * TernaryCodec codec = TernaryCodec.of(SourceLayout.GGUF_TQ2_0);
 * long planeBytes = rows * ((cols + 7) / 8);
 * MemorySegment pos = arena.allocate(planeBytes), neg = arena.allocate(planeBytes);
 * codec.decode(tensorData, rows, cols, pos, neg, InvalidCodePolicy.STRICT);
 * float[] d = new float[(int) codec.scaleCount(rows, cols)];
 * codec.readScales(tensorData, rows, cols, d);
 * codec.encode(pos, neg, d, rows, cols, out);   // out: codec.dataSize(rows, cols) bytes, identical to tensorData
 * }</pre>
 *
 * <p>Segments may be larger than needed (only the first bytes are used) and may be heap, off-heap or
 * memory-mapped. Decoding uses the Vector API when the core {@link dev.rotor.Rotor#backend()} does, and
 * portable scalar code otherwise. Every argument problem (a shape the layout cannot hold, a null or too
 * small segment, a read-only output, a missing or unrepresentable scale) is an
 * {@link IllegalArgumentException} saying what is wrong; outputs are unspecified after an exception.
 *
 * <p>Invalid codes are counted per weight: a 2-bit code {@code 3} (or {@code 11}) is one invalid code; a
 * TQ1_0 byte that is not the canonical encoding of its trits makes each of the weights it holds (5 in
 * {@code qs}, 4 in {@code qh}) one invalid code. "The first invalid weight" is the first in row-major order.
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

    /** The codec for a layout, decoding with this JVM's fastest available code. */
    static TernaryCodec of(SourceLayout layout) {
        return Codecs.of(layout);
    }

    /**
     * The codec for a layout on the portable scalar kernels, whatever this JVM chose: the same results as
     * {@link #of}, slower once the JIT has compiled the vector kernels, but much faster before (the Vector API runs
     * through a slow fallback until then), which is why whole-model conversions start on it in a fresh JVM.
     */
    static TernaryCodec portable(SourceLayout layout) {
        return Codecs.portable(layout);
    }
}

package dev.rotor.kernel;

/**
 * Where the 2-bit codes of one layout land in the planes: the geometry shared by the Hugging Face, I2_S and
 * TQ2_0 codecs, which all hold four codes per byte at shifts 0, 2, 4, 6 with code {@code w + 1}.
 *
 * <p>The code bytes are read in <em>chunks</em> of up to {@value #CHUNK} consecutive bytes (<em>lanes</em>).
 * Chunk i starts at {@code codeStart + i * codeStride} in the data and its plane bits at
 * {@code planeStart + i * planeStride}.
 * Inside a chunk, the codes at shift {@code 2s} of lanes 0..31 are 32 consecutive weights whose plane bytes
 * start at {@code s * shiftStep} past the chunk's; lanes 32..63 continue {@code hiOffset} bytes further on.
 *
 * @param codeStride bytes from one chunk's codes to the next
 * @param planeStride plane bytes from one chunk's first weight to the next
 * @param shiftStep plane bytes from the weights at shift 2s to those at shift 2s + 2 (may be negative)
 * @param hiOffset  plane bytes from lane 0's weight to lane 32's
 */
public record ChunkMap(long codeStride, long planeStride, long shiftStep, long hiOffset) {
    /** Code bytes per chunk: 64, one 512-bit vector. */
    public static final int CHUNK = 64;
    /** Lanes per half chunk: 32 weights of one shift are contiguous in the plane. */
    public static final int HALF = 32;
    /** Codes per byte, at shifts 0, 2, 4, 6. */
    public static final int SHIFTS = 4;
    /** The bits of one code. */
    public static final int CODE_MASK = 0b11;
    /** Codes are {@code w + 1}: 0 is -1, 1 is 0, 2 is +1 and 3 is invalid. */
    public static final int CODE_MINUS = 0;
    public static final int CODE_ZERO = 1;
    public static final int CODE_PLUS = 2;

    /** The plane byte holding the weight of lane {@code lane} (a multiple of 8) at shift {@code 2 * s}. */
    long planeOffset(long chunkPlane, int s, int lane) {
        return chunkPlane + s * shiftStep + (lane >= HALF ? hiOffset : 0) + (lane % HALF) / Byte.SIZE;
    }
}

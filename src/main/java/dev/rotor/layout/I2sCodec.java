package dev.rotor.layout;

import static dev.rotor.kernel.ChunkMap.CHUNK;
import static dev.rotor.kernel.ChunkMap.HALF;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.ChunkMap;
import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.LaneEncoder;

/**
 * bitnet.cpp GGUF I2_S (FORMATS.md section 4): the matrix as one flat run of 128-weight blocks of 32 bytes,
 * weight j of block b at byte {@code b*32 + j%32}, shift {@code 6 - 2*(j/32)}; then one f32 scale and zero
 * padding up to 32 bytes. A {@link ChunkMap} chunk is two blocks.
 *
 * <p>When {@code cols % 8 == 0} the plane rows have no padding, so plane bit i is flat weight i and chunks
 * decode straight into the planes. Otherwise rows start mid-byte: each chunk goes through a 256-weight
 * scratch run, copied bit by bit into the rows (such shapes do not occur in real models).
 */
final class I2sCodec extends LayoutCodec {
    static final int BLOCK_WEIGHTS = 128;
    static final int BLOCK_BYTES = 32;
    /** The f32 scale and its zero padding after the codes. */
    static final int TRAILER_BYTES = 32;
    private static final int WEIGHTS_PER_BYTE = 4;
    private static final int CHUNK_WEIGHTS = CHUNK * WEIGHTS_PER_BYTE;
    private static final int CHUNK_PLANE_BYTES = CHUNK_WEIGHTS / Byte.SIZE;
    /**
     * Block 2c + h of chunk c keeps weights 32q..32q+31 at shift 6 - 2q, so shift 2s holds q = 3 - s: plane
     * bytes {@code 32c + 16h + 4(3 - s)}. Hence the first shift's offset 12 and a negative shift step.
     */
    private static final int FIRST_SHIFT_PLANE_OFFSET = (ChunkMap.SHIFTS - 1) * HALF / Byte.SIZE;
    private static final ChunkMap MAP = new ChunkMap(CHUNK, CHUNK_PLANE_BYTES, -HALF / Byte.SIZE,
            BLOCK_WEIGHTS / Byte.SIZE);

    private final LaneDecoder lanes;

    I2sCodec(LaneDecoder lanes) {
        super(SourceLayout.GGUF_I2_S, ScaleFormat.F32);
        this.lanes = lanes;
    }

    @Override
    String shapeProblem(int rows, int cols) {
        return (long) rows * cols % BLOCK_WEIGHTS == 0 ? null
                : "rows * cols must be a multiple of " + BLOCK_WEIGHTS + " (whole I2_S blocks)";
    }

    @Override
    long size(int rows, int cols) {
        return codeBytes(rows, cols) + TRAILER_BYTES;
    }

    @Override
    long scales(int rows, int cols) {
        return 1;
    }

    @Override
    long scaleOffset(int rows, int cols, long i) {
        return codeBytes(rows, cols);
    }

    @Override
    long decodeCodes(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        long codeBytes = codeBytes(rows, cols);
        if (cols % Byte.SIZE == 0) {
            return lanes.codes(data, 0, pos, neg, FIRST_SHIFT_PLANE_OFFSET, MAP, codeBytes);
        }
        pos.fill((byte) 0); // the copies below leave row padding untouched
        neg.fill((byte) 0);
        MemorySegment flatPos = MemorySegment.ofArray(new byte[CHUNK_PLANE_BYTES]);
        MemorySegment flatNeg = MemorySegment.ofArray(new byte[CHUNK_PLANE_BYTES]);
        long bad = 0;
        for (long first = 0; first < codeBytes; first += CHUNK) {
            long count = Math.min(CHUNK, codeBytes - first);
            bad |= lanes.codes(data, first, flatPos, flatNeg, FIRST_SHIFT_PLANE_OFFSET, MAP, count);
            copyRun(flatPos, pos, cols, first * WEIGHTS_PER_BYTE, count * WEIGHTS_PER_BYTE, true);
            copyRun(flatNeg, neg, cols, first * WEIGHTS_PER_BYTE, count * WEIGHTS_PER_BYTE, true);
        }
        return bad;
    }

    @Override
    long encodeCodes(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment data) {
        long codeBytes = codeBytes(rows, cols);
        data.asSlice(codeBytes, TRAILER_BYTES).fill((byte) 0); // the scale is written over its first 4 bytes
        if (cols % Byte.SIZE == 0) {
            return LaneEncoder.codes(pos, neg, FIRST_SHIFT_PLANE_OFFSET, MAP, data, 0, codeBytes);
        }
        MemorySegment flatPos = MemorySegment.ofArray(new byte[CHUNK_PLANE_BYTES]);
        MemorySegment flatNeg = MemorySegment.ofArray(new byte[CHUNK_PLANE_BYTES]);
        long both = 0;
        for (long first = 0; first < codeBytes; first += CHUNK) {
            long count = Math.min(CHUNK, codeBytes - first);
            copyRun(flatPos, pos, cols, first * WEIGHTS_PER_BYTE, count * WEIGHTS_PER_BYTE, false);
            copyRun(flatNeg, neg, cols, first * WEIGHTS_PER_BYTE, count * WEIGHTS_PER_BYTE, false);
            both |= LaneEncoder.codes(flatPos, flatNeg, FIRST_SHIFT_PLANE_OFFSET, MAP, data, first, count);
        }
        return both;
    }

    /**
     * Copies {@code count} bits between a flat run (bit i = flat weight {@code first + i}) and plane rows of
     * {@code cols} weights: into the rows if {@code toRows}, else out of them.
     */
    private static void copyRun(MemorySegment run, MemorySegment plane, int cols, long first, long count,
                                boolean toRows) {
        long rowBits = stride(cols) * Byte.SIZE;
        long r = first / cols;
        long c = first % cols;
        for (long i = 0; i < count; i++) {
            long planeBit = r * rowBits + c;
            if (toRows) {
                copyBit(run, i, plane, planeBit);
            } else {
                copyBit(plane, planeBit, run, i);
            }
            if (++c == cols) {
                c = 0;
                r++;
            }
        }
    }

    private static void copyBit(MemorySegment from, long fromBit, MemorySegment to, long toBit) {
        int bit = (from.get(JAVA_BYTE, fromBit / Byte.SIZE) >>> (fromBit % Byte.SIZE)) & 1;
        int mask = 1 << (toBit % Byte.SIZE);
        byte old = to.get(JAVA_BYTE, toBit / Byte.SIZE);
        to.set(JAVA_BYTE, toBit / Byte.SIZE, (byte) (bit != 0 ? old | mask : old & ~mask));
    }

    @Override
    long byteOffset(int rows, int cols, long r, long c) {
        long i = r * cols + c;
        return i / BLOCK_WEIGHTS * BLOCK_BYTES + i % BLOCK_WEIGHTS % BLOCK_BYTES;
    }

    @Override
    int referenceWeight(MemorySegment data, int rows, int cols, long r, long c) {
        long j = (r * cols + c) % BLOCK_WEIGHTS;
        return plusOneCode(data, byteOffset(rows, cols, r, c), (int) (6 - 2 * (j / BLOCK_BYTES)));
    }

    private static long codeBytes(int rows, int cols) {
        return (long) rows * cols / WEIGHTS_PER_BYTE;
    }
}

package dev.rotor.layout;

import static dev.rotor.kernel.ChunkMap.CHUNK;
import static dev.rotor.kernel.ChunkMap.HALF;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.ChunkMap;
import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.LaneEncoder;

/**
 * Hugging Face transformers "bitnet" packing (FORMATS.md section 3): {@code U8 [rows/4, cols]}, packed along
 * the rows. Packed row k is a run of {@code cols} code bytes whose codes at shift 2g are output row
 * {@code g * rows/4 + k}, so each packed row decodes as one {@link ChunkMap} run into four plane rows.
 * The {@code weight_scale} is a separate tensor (and a divisor: {@link ScaleConvention#DIVIDE}).
 */
final class HfBitnetCodec extends LayoutCodec {
    static final int ROWS_PER_BYTE = 4;

    private final LaneDecoder lanes;

    HfBitnetCodec(LaneDecoder lanes) {
        super(SourceLayout.HF_BITNET, ScaleFormat.NONE);
        this.lanes = lanes;
    }

    @Override
    String shapeProblem(int rows, int cols) {
        return rows % ROWS_PER_BYTE == 0 ? null : "rows must be a multiple of " + ROWS_PER_BYTE
                + " (the packed tensor is [rows/4, cols])";
    }

    @Override
    long size(int rows, int cols) {
        return (long) packedRows(rows) * cols;
    }

    @Override
    long decodeCodes(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        ChunkMap map = map(rows, cols);
        long bad = 0;
        for (long k = 0; k < packedRows(rows); k++) {
            bad |= lanes.codes(data, k * cols, pos, neg, k * stride(cols), map, cols);
        }
        return bad;
    }

    @Override
    long encodeCodes(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment data) {
        ChunkMap map = map(rows, cols);
        long both = 0;
        for (long k = 0; k < packedRows(rows); k++) {
            both |= LaneEncoder.codes(pos, neg, k * stride(cols), map, data, k * cols, cols);
        }
        return both;
    }

    /** Along a packed row, 64 columns per chunk; shift 2g moves down g * rows/4 plane rows. */
    private static ChunkMap map(int rows, int cols) {
        return new ChunkMap(CHUNK, CHUNK / Byte.SIZE, packedRows(rows) * stride(cols), HALF / Byte.SIZE);
    }

    @Override
    long byteOffset(int rows, int cols, long r, long c) {
        return (r % packedRows(rows)) * cols + c;
    }

    @Override
    int referenceWeight(MemorySegment data, int rows, int cols, long r, long c) {
        return plusOneCode(data, byteOffset(rows, cols, r, c), (int) (2 * (r / packedRows(rows))));
    }

    private static int packedRows(int rows) {
        return rows / ROWS_PER_BYTE;
    }
}

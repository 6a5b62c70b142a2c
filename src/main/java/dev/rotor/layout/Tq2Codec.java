package dev.rotor.layout;

import static dev.rotor.kernel.ChunkMap.HALF;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.ChunkMap;
import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.LaneEncoder;

/**
 * llama.cpp GGUF TQ2_0 (FORMATS.md section 5): 66-byte blocks of {@code qs[64]} and fp16 {@code d}. Half h
 * of {@code qs} holds weights {@code 128h + m + 32l} in byte {@code 32h + m} at shift 2l, so a block's
 * {@code qs} is exactly one {@link ChunkMap} chunk.
 */
final class Tq2Codec extends TqCodec {
    static final int BLOCK_BYTES = 66;
    private static final int HALF_WEIGHTS = BLOCK_WEIGHTS / 2;
    private static final ChunkMap MAP = new ChunkMap(BLOCK_BYTES, BLOCK_PLANE_BYTES, HALF / Byte.SIZE,
            HALF_WEIGHTS / Byte.SIZE);

    private final LaneDecoder lanes;

    Tq2Codec(LaneDecoder lanes) {
        super(SourceLayout.GGUF_TQ2_0, BLOCK_BYTES);
        this.lanes = lanes;
    }

    @Override
    long decodeCodes(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        return lanes.codes(data, 0, pos, neg, 0, MAP, blocks(rows, cols) * ChunkMap.CHUNK);
    }

    @Override
    long encodeCodes(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment data) {
        return LaneEncoder.codes(pos, neg, 0, MAP, data, 0, blocks(rows, cols) * ChunkMap.CHUNK);
    }

    @Override
    long byteOffset(int rows, int cols, long r, long c) {
        long i = r * cols + c;
        long j = i % BLOCK_WEIGHTS;
        return i / BLOCK_WEIGHTS * BLOCK_BYTES + HALF * (j / HALF_WEIGHTS) + j % HALF_WEIGHTS % HALF;
    }

    @Override
    int referenceWeight(MemorySegment data, int rows, int cols, long r, long c) {
        long j = (r * cols + c) % BLOCK_WEIGHTS;
        return plusOneCode(data, byteOffset(rows, cols, r, c), (int) (2 * (j % HALF_WEIGHTS / HALF)));
    }
}

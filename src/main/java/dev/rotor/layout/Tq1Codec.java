package dev.rotor.layout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.LaneEncoder;
import dev.rotor.kernel.TritBlock;

/**
 * llama.cpp GGUF TQ1_0 (FORMATS.md section 6): 54-byte blocks of base-3 trits, see {@link TritBlock}. A byte
 * that is not the canonical encoding of its trits makes every weight it holds invalid (5 for a {@code qs}
 * byte, 4 for a {@code qh} byte): they decode as 0 under LENIENT and each counts as one invalid code.
 */
final class Tq1Codec extends TqCodec {
    private final LaneDecoder lanes;

    Tq1Codec(LaneDecoder lanes) {
        super(SourceLayout.GGUF_TQ1_0, TritBlock.BYTES);
        this.lanes = lanes;
    }

    @Override
    long decodeCodes(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        return lanes.trits(data, pos, neg, blocks(rows, cols));
    }

    @Override
    long encodeCodes(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment data) {
        return LaneEncoder.trits(pos, neg, data, blocks(rows, cols));
    }

    @Override
    long byteOffset(int rows, int cols, long r, long c) {
        long i = r * cols + c;
        return i / BLOCK_WEIGHTS * TritBlock.BYTES + lane((int) (i % BLOCK_WEIGHTS));
    }

    @Override
    int referenceWeight(MemorySegment data, int rows, int cols, long r, long c) {
        int j = (int) ((r * cols + c) % BLOCK_WEIGHTS);
        int lane = lane(j);
        int q = data.get(JAVA_BYTE, byteOffset(rows, cols, r, c)) & 0xFF;
        if (!TritBlock.valid(q, lane >= TritBlock.QS_LANES)) {
            return INVALID;
        }
        return TritBlock.trit(q, trit(j)) - 1;
    }

    /** The code byte holding block weight j: qs[j % 32] below 160, then qs[32 + (j-160) % 16], then qh[(j-240) % 4]. */
    private static int lane(int j) {
        if (j < 160) {
            return j % 32;
        }
        if (j < 240) {
            return 32 + (j - 160) % 16;
        }
        return 48 + (j - 240) % 4;
    }

    /** Which trit of its byte holds block weight j. */
    private static int trit(int j) {
        if (j < 160) {
            return j / 32;
        }
        if (j < 240) {
            return (j - 160) / 16;
        }
        return (j - 240) / 4;
    }
}

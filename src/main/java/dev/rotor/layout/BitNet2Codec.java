package dev.rotor.layout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.TernaryKernel;

/**
 * The original library's BitNet 2-bit layout (FORMATS.md section 2): the core conversion kernel (the one
 * {@link dev.rotor.Rotor} uses, or the portable one) behind the codec interface. No scales.
 */
final class BitNet2Codec extends LayoutCodec {
    private static final int WEIGHTS_PER_BYTE = 4;
    /** Codes as (bit 2k+1, bit 2k): 10 = +1, 01 = -1, 00 = 0, 11 invalid. */
    private static final int CODE_PLUS = 0b10;
    private static final int CODE_MINUS = 0b01;
    private static final int CODE_INVALID = 0b11;

    private final TernaryKernel kernel;

    BitNet2Codec(TernaryKernel kernel) {
        super(SourceLayout.BITNET2, ScaleFormat.NONE);
        this.kernel = kernel;
    }

    @Override
    String shapeProblem(int rows, int cols) {
        return null;
    }

    @Override
    long size(int rows, int cols) {
        return rows * rowBytes(cols);
    }

    @Override
    long decodeCodes(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        return kernel.bitnetToPlanes(data, pos, neg, rows, cols);
    }

    @Override
    long encodeCodes(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment data) {
        return kernel.planesToBitnet(pos, neg, data, rows, cols);
    }

    @Override
    long byteOffset(int rows, int cols, long r, long c) {
        return r * rowBytes(cols) + c / WEIGHTS_PER_BYTE;
    }

    @Override
    int referenceWeight(MemorySegment data, int rows, int cols, long r, long c) {
        int shift = (int) (2 * (c % WEIGHTS_PER_BYTE));
        int code = (data.get(JAVA_BYTE, byteOffset(rows, cols, r, c)) >>> shift) & CODE_INVALID;
        return switch (code) {
            case CODE_PLUS -> 1;
            case CODE_MINUS -> -1;
            case CODE_INVALID -> INVALID;
            default -> 0;
        };
    }

    private static long rowBytes(int cols) {
        return (cols + WEIGHTS_PER_BYTE - 1L) / WEIGHTS_PER_BYTE;
    }
}

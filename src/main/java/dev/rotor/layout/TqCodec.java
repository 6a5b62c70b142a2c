package dev.rotor.layout;

/**
 * What llama.cpp's ternary types share (FORMATS.md sections 5, 6): the matrix as a flat run of 256-weight
 * blocks, each row a whole number of blocks, each block ending in its fp16 scale {@code d}. Since
 * {@code cols} is a multiple of 256, plane rows have no padding and plane bit i is flat weight i.
 */
public abstract class TqCodec extends LayoutCodec {
    static final int BLOCK_WEIGHTS = 256;
    public static final int BLOCK_PLANE_BYTES = BLOCK_WEIGHTS / Byte.SIZE;

    private final int blockBytes;

    /** @param blockBytes bytes per block; the last two are the scale */
    TqCodec(SourceLayout layout, int blockBytes) {
        super(layout, ScaleFormat.F16);
        this.blockBytes = blockBytes;
    }

    @Override
    final String shapeProblem(int rows, int cols) {
        return cols % BLOCK_WEIGHTS == 0 ? null
                : "each row must hold a multiple of " + BLOCK_WEIGHTS + " weights (whole blocks)";
    }

    @Override
    final long size(int rows, int cols) {
        return blocks(rows, cols) * blockBytes;
    }

    @Override
    final long scales(int rows, int cols) {
        return blocks(rows, cols);
    }

    @Override
    final long scaleOffset(int rows, int cols, long i) {
        return (i + 1) * blockBytes - Short.BYTES;
    }

    static long blocks(int rows, int cols) {
        return (long) rows * cols / BLOCK_WEIGHTS;
    }
}

package dev.rotor.kernel;

/**
 * Portable matrix kernel on 64-bit words: the bit-serial product of {@link MatrixKernels} with
 * {@link Long#bitCount} (POPCNT), 64 weights per step; the fallback when SIMD is unavailable.
 */
public final class ScalarMatrixKernel implements MatrixKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void prepare(Activations x, int blockCols) {
        x.layout(1, 0);                                  // the 8 planes of a word side by side
        x.packBitsScalar();
    }

    @Override
    public void multiply(PlaneMatrix w, int rowFrom, int rowTo, int blockCols, Activations x, int tokenFrom,
                         int tokenTo, int[] out, int offset, int rowStride, int tokenStride) {
        int cols = w.cols();
        int blocks = MatrixKernels.blocks(cols, blockCols);
        int wordsPerBlock = blocks == 1 ? MatrixKernels.usedWords(cols) : blockCols / Long.SIZE;
        int usedWords = MatrixKernels.usedWords(cols);
        for (int r = rowFrom; r < rowTo; r++) {
            long rowOffset = w.rowOffset(r);
            for (int t = tokenFrom; t < tokenTo; t++) {
                int at = offset + (r - rowFrom) * rowStride + (t - tokenFrom) * tokenStride;
                int token = x.tokenStart(t);
                for (int b = 0; b < blocks; b++) {
                    int from = b * wordsPerBlock;
                    out[at + b] = MatrixKernels.dotWords(w.pos(), w.neg(), rowOffset, w.stride(), x, token,
                            from, Math.min(usedWords, from + wordsPerBlock));
                }
            }
        }
    }

    @Override
    public void ternary(PlaneMatrix w, int rowFrom, int rowTo, PlaneMatrix v, int[] out, int offset) {
        int words = MatrixKernels.usedWords(w.cols());
        for (int r = rowFrom; r < rowTo; r++) {
            out[offset + r - rowFrom] = MatrixKernels.ternaryWords(w, w.rowOffset(r), v, 0, words);
        }
    }
}

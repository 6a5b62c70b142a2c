package dev.rotor.kernel;

/**
 * The definition of the matrix products, weight by weight: {@code w = pos bit - neg bit} (FORMATS.md section 1)
 * times the activation, summed in int. Obviously correct and deliberately slow: the truth the other matrix
 * kernels are tested against.
 */
public final class ReferenceMatrixKernel implements MatrixKernel {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void prepare(Activations x, int blockCols) {
        // Reads the values themselves.
    }

    @Override
    public void multiply(PlaneMatrix w, int rowFrom, int rowTo, int blockCols, Activations x, int tokenFrom,
                         int tokenTo, int[] out, int offset, int rowStride, int tokenStride) {
        int cols = w.cols();
        byte[] values = x.values();
        for (int r = rowFrom; r < rowTo; r++) {
            for (int t = tokenFrom; t < tokenTo; t++) {
                int at = offset + (r - rowFrom) * rowStride + (t - tokenFrom) * tokenStride;
                for (int b = 0; b < MatrixKernels.blocks(cols, blockCols); b++) {
                    out[at + b] = 0;
                }
                for (int c = 0; c < cols; c++) {
                    out[at + c / blockCols] += weight(w, r, c) * values[t * cols + c];
                }
            }
        }
    }

    @Override
    public void ternary(PlaneMatrix w, int rowFrom, int rowTo, PlaneMatrix v, int[] out, int offset) {
        for (int r = rowFrom; r < rowTo; r++) {
            int sum = 0;
            for (int c = 0; c < w.cols(); c++) {
                sum += weight(w, r, c) * weight(v, 0, c);
            }
            out[offset + r - rowFrom] = sum;
        }
    }

    /** Weight (r, c): its pos bit minus its neg bit. */
    private static int weight(PlaneMatrix m, int r, int c) {
        return ReferenceKernel.bit(m.pos(), r, c, m.cols()) - ReferenceKernel.bit(m.neg(), r, c, m.cols());
    }
}

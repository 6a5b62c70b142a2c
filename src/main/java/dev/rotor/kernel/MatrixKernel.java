package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One implementation of the products of a ternary matrix held as planes: exact int8 products (GEMV / GEMM,
 * split into column blocks for per-block scales) and ternary products by AND + popcount, and the float steps of the
 * BitNet linear layer around them (activation quantisation, output scaling). Callers pass
 * arguments already checked (row and token ranges inside the matrix and the activations, output arrays long
 * enough); kernels never allocate and never throw for data.
 *
 * <p>Outputs are written with strides so that one method serves the public GEMV/GEMM layout
 * ({@code y[token * rows + row]}) and the float layer's tiles ({@code [row][token][block]}).
 */
public interface MatrixKernel {
    /** Short name for logs and benchmarks: "reference", "scalar", "vector". */
    String name();

    /**
     * Makes {@code x} ready for {@link #multiply} with blocks of {@code blockCols} columns: after
     * {@link Activations#load} the reference kernel needs nothing more, the others need the activations' bit planes.
     */
    void prepare(Activations x, int blockCols);

    /**
     * Exact products of rows {@code [rowFrom, rowTo)} with tokens {@code [tokenFrom, tokenTo)} of {@code x}, split
     * into column blocks of {@code blockCols} columns (a multiple of 64, or {@code >= cols} for whole rows): for
     * row r, token t and block b (columns {@code [b * blockCols, min(cols, (b + 1) * blockCols))})
     * <pre>  out[offset + (r - rowFrom) * rowStride + (t - tokenFrom) * tokenStride + b] = sum_c w[r][c] * x[t][c]</pre>
     * Rows are the outer loop: each row's planes are read once for all the tokens.
     */
    void multiply(PlaneMatrix w, int rowFrom, int rowTo, int blockCols, Activations x, int tokenFrom, int tokenTo,
                  int[] out, int offset, int rowStride, int tokenStride);

    /**
     * Ternary products of rows {@code [rowFrom, rowTo)} with the ternary vector {@code v} (one row of
     * {@code w.cols()} weights): {@code out[offset + r - rowFrom] = sum_c w[r][c] * v[c]}, computed as
     * {@code popcount(pos & pos') + popcount(neg & neg') - popcount(pos & neg') - popcount(neg & pos')}.
     */
    void ternary(PlaneMatrix w, int rowFrom, int rowTo, PlaneMatrix v, int[] out, int offset);

    /**
     * {@code max |x_c|} of {@code length} float32 values (native byte order) from index {@code offset} of {@code x}:
     * NaN if one is NaN, infinite if one is infinite and none is NaN. By default value by value.
     */
    default float absMax(MemorySegment x, long offset, int length) {
        return MatrixKernels.absMax(x, offset, length);
    }

    /**
     * BitNet's activation rounding of {@code length} finite float32 values from index {@code offset} of {@code x}:
     * {@code q[qOffset + c] = clamp(round_half_even(x_c * s), -128, 127)}, the product rounded to float32 first.
     * By default value by value.
     */
    default void quantize(MemorySegment x, long offset, int length, float s, byte[] q, int qOffset) {
        MatrixKernels.quantize(x, offset, length, s, q, qOffset);
    }

    /**
     * The float layer's outputs of {@code n} integer sums: {@code y[yIndex + i] = sums[at + i] / c * m} in float32
     * ({@code c = d * s, m = 1} for the divide convention, {@code c = s, m = d} for multiply). By default value by
     * value.
     */
    default void scale(int[] sums, int at, int n, float c, float m, MemorySegment y, long yIndex) {
        MatrixKernels.scale(sums, at, n, c, m, y, yIndex);
    }
}

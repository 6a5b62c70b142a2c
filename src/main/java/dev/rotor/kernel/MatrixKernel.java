package dev.rotor.kernel;

/**
 * One implementation of the products of a ternary matrix held as planes: exact int8 products (GEMV / GEMM,
 * split into column blocks for per-block scales) and ternary products by AND + popcount. Callers pass
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
     * Makes {@code x} ready for {@link #multiply}: after {@link Activations#load} the reference kernel needs
     * nothing more, the others need the activations' bit planes.
     */
    void prepare(Activations x);

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
}

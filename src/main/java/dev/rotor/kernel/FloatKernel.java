package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One implementation of the float operations of a transformer forward pass that are not ternary products: dot
 * products and scaled adds (attention over the key/value cache, RMSNorm's sum of squares) and the product of a
 * float matrix stored as F32, F16 or BF16 with a float vector (the output head tied to the token embedding).
 *
 * <p>Callers pass arguments already checked (ranges inside the arrays and segments); kernels never allocate and
 * never throw for data. Float sums are not associative: implementations add in different orders and agree with
 * {@link ReferenceFloatKernel} (which adds in index order) to rounding, not bit for bit. Each implementation is
 * deterministic: the same inputs give the same bits, whatever thread calls it.
 */
public interface FloatKernel {
    /** Short name for logs and benchmarks: "reference", "scalar", "vector". */
    String name();

    /** {@code sum_i a[aFrom + i] * b[bFrom + i]} for {@code i < length}. */
    float dot(float[] a, int aFrom, float[] b, int bFrom, int length);

    /** {@code y[yFrom + i] += alpha * x[xFrom + i]} for {@code i < length}. */
    void addScaled(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length);

    /**
     * Rows {@code [rowFrom, rowTo)} of a {@code cols}-column matrix stored row after row in {@code format} in
     * {@code w}, times {@code x[0 .. cols)}: {@code y[yFrom + r - rowFrom] = sum_c w[r][c] * x[c]}, elements
     * widened exactly to float32 first.
     */
    void rows(MemorySegment w, FloatFormat format, int cols, int rowFrom, int rowTo, float[] x, float[] y, int yFrom);
}

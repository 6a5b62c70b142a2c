package dev.rotor.compute;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

import dev.rotor.RotorPlanes;
import dev.rotor.kernel.Activations;
import dev.rotor.kernel.Geometry;
import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.MatrixKernel;
import dev.rotor.kernel.PlaneMatrix;
import dev.rotor.model.RotorFile;

/**
 * A ternary matrix over rotor planes (FORMATS.md section 1) with its scale(s), and its products: exact int8
 * GEMV and GEMM into int32 (ignoring the scales), products with ternary vectors by AND + popcount, and a top-k
 * search over its rows. {@link BitLinear} is the float layer on top.
 *
 * <p>The planes may be on heap ({@link #of(RotorPlanes)}), off heap or memory-mapped ({@link #of(int, int,
 * MemorySegment, MemorySegment, WeightScales)}, {@link #of(RotorFile.TernaryPlanes)}); they are never copied and
 * must not change while the matrix is used. Products run on the kernel {@code KernelProvider} chose for this JVM
 * (vector, scalar or reference); every kernel gives the same results bit for bit. A matrix is immutable and safe
 * to share between threads; the {@code Executor} variants split the rows across threads and give the same results
 * as one thread.
 *
 * <pre>{@code
 * TernaryMatrix w = TernaryMatrix.of(Rotor.fromBitNet(packed, rows, cols));
 * int[] y = new int[w.rows()];
 * w.gemv(x, y);                                   // y[r] = sum_c w[r][c] * x[c], exact
 * }</pre>
 */
public final class TernaryMatrix {
    private static final ThreadLocal<Activations> SCRATCH = ThreadLocal.withInitial(Activations::new);

    private final PlaneMatrix planes;
    private final WeightScales scales;
    private final String name;
    private final MatrixKernel kernel;

    private TernaryMatrix(PlaneMatrix planes, WeightScales scales, String name, MatrixKernel kernel) {
        this.planes = planes;
        this.scales = scales;
        this.name = name;
        this.kernel = kernel;
    }

    /** The planes of {@code planes} (shared, not copied), with scale 1. */
    public static TernaryMatrix of(RotorPlanes planes) {
        return of(planes, WeightScales.none());
    }

    /** The planes of {@code planes} (shared, not copied), with {@code scales}. */
    public static TernaryMatrix of(RotorPlanes planes, WeightScales scales) {
        if (planes == null) {
            throw new IllegalArgumentException("planes is null");
        }
        requireScales(scales, planes.rows(), planes.cols());
        PlaneMatrix m = new PlaneMatrix(planes.rows(), planes.cols(), MemorySegment.ofArray(planes.pos()),
                MemorySegment.ofArray(planes.neg()));
        return new TernaryMatrix(m, scales, "matrix", KernelProvider.choice().matrix());
    }

    /**
     * Planes in segments (heap, off heap or mapped), not copied: each holds at least {@code rows * ceil(cols / 8)}
     * bytes, row after row. Checked once here: padding bits zero, no weight both +1 and -1.
     *
     * @throws IllegalArgumentException naming the problem (short segment, the first bad row and column)
     */
    public static TernaryMatrix of(int rows, int cols, MemorySegment pos, MemorySegment neg, WeightScales scales) {
        return of("matrix", rows, cols, pos, neg, scales);
    }

    /**
     * A ternary tensor of a memory-mapped {@link RotorFile}, without copying its planes, with its scales and
     * convention; valid until the file is closed. Checked once here like
     * {@link #of(int, int, MemorySegment, MemorySegment, WeightScales)}.
     */
    public static TernaryMatrix of(RotorFile.TernaryPlanes tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("tensor is null");
        }
        float[] values = tensor.scaleValues();
        WeightScales scales = values.length == 1 ? WeightScales.perTensor(values[0], tensor.convention())
                : WeightScales.perBlock(tensor.rows(), tensor.cols(), values, tensor.convention());
        return of(tensor.name(), tensor.rows(), tensor.cols(), tensor.pos(), tensor.neg(), scales);
    }

    private static TernaryMatrix of(String name, int rows, int cols, MemorySegment pos, MemorySegment neg,
                                    WeightScales scales) {
        Geometry.requireShape(rows, cols);
        requireScales(scales, rows, cols);
        long size = rows * Geometry.planeStride(cols);
        PlaneMatrix m = new PlaneMatrix(rows, cols, Geometry.region(name + " pos plane", pos, size),
                Geometry.region(name + " neg plane", neg, size));
        PlaneValidation.requireValid(name, m);
        return new TernaryMatrix(m, scales, name, KernelProvider.choice().matrix());
    }

    private static void requireScales(WeightScales scales, int rows, int cols) {
        if (scales == null) {
            throw new IllegalArgumentException("scales is null");
        }
        scales.requireFits(rows, cols);
    }

    /** The same matrix on another kernel (tests compare every kernel through the public methods). */
    TernaryMatrix withKernel(MatrixKernel other) {
        return new TernaryMatrix(planes, scales, name, other);
    }

    MatrixKernel kernel() {
        return kernel;
    }

    PlaneMatrix planes() {
        return planes;
    }

    String name() {
        return name;
    }

    /** Rows (output features). */
    public int rows() {
        return planes.rows();
    }

    /** Columns (input features). */
    public int cols() {
        return planes.cols();
    }

    /** The scale(s) {@link BitLinear} applies; the integer products ignore them. */
    public WeightScales scales() {
        return scales;
    }

    /** The same planes with other scales. */
    public TernaryMatrix withScales(WeightScales other) {
        requireScales(other, rows(), cols());
        return new TernaryMatrix(planes, other, name, kernel);
    }

    /** The weight at (row, col): -1, 0 or +1. */
    public int get(int row, int col) {
        if (row < 0 || row >= rows() || col < 0 || col >= cols()) {
            throw new IllegalArgumentException("weight (" + row + ", " + col + ") outside the " + rows() + "x" + cols()
                    + " " + name);
        }
        long index = planes.rowOffset(row) + col / 8;
        int bit = col % 8;
        return ((planes.pos().get(JAVA_BYTE, index) >>> bit) & 1) - ((planes.neg().get(JAVA_BYTE, index) >>> bit) & 1);
    }

    // ---- int8 products, exact ----

    /**
     * {@code y[r] = sum_c w[r][c] * x[c]}, exact in int32 (the scales do not apply).
     *
     * @param x {@code cols} int8 activations
     * @param y {@code rows} results, overwritten
     * @throws IllegalArgumentException if a length is not {@code cols} / {@code rows}
     */
    public void gemv(byte[] x, int[] y) {
        gemm(x, 1, y);
    }

    /** {@link #gemv(byte[], int[])} with rows split across {@code executor}'s threads; the same results. */
    public void gemv(byte[] x, int[] y, Executor executor) {
        gemm(x, 1, y, executor);
    }

    /** {@link #gemv(byte[], int[])} for {@code cols} int8 activations in a segment. */
    public void gemv(MemorySegment x, int[] y) {
        gemm(x, 1, y);
    }

    /**
     * GEMM for a batch of tokens: {@code y[t * rows + r] = sum_c w[r][c] * x[t * cols + c]} for every token
     * {@code t < tokens}, exact in int32. Each row's planes are read once for all the tokens.
     *
     * @param x {@code tokens * cols} int8 activations, token after token
     * @param y {@code tokens * rows} results, token after token, overwritten
     */
    public void gemm(byte[] x, int tokens, int[] y) {
        gemm(x, tokens, y, null);
    }

    /** {@link #gemm(byte[], int, int[])} with rows split across {@code executor}'s threads; the same results. */
    public void gemm(byte[] x, int tokens, int[] y, Executor executor) {
        requireInt8(x == null ? -1 : x.length, tokens);
        Activations acts = SCRATCH.get();
        acts.load(x, tokens, cols());
        multiply(acts, tokens, y, executor);
    }

    /** {@link #gemm(byte[], int, int[])} for int8 activations in a segment. */
    public void gemm(MemorySegment x, int tokens, int[] y) {
        requireInt8(x == null ? -1 : x.byteSize(), tokens);
        Activations acts = SCRATCH.get();
        acts.load(x, tokens, cols());
        multiply(acts, tokens, y, null);
    }

    private void requireInt8(long length, int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens is " + tokens + ", must be >= 0");
        }
        if (length < 0) {
            throw new IllegalArgumentException("x is null");
        }
        if (length != (long) tokens * cols()) {
            throw new IllegalArgumentException("x has " + length + " int8 values, expected " + (long) tokens * cols()
                    + " (" + tokens + " tokens x " + cols() + " columns of " + name + ")");
        }
    }

    private void multiply(Activations acts, int tokens, int[] y, Executor executor) {
        requireOutput("y", y == null ? -1 : y.length, (long) tokens * rows());
        int blockCols = Math.max(1, cols());
        kernel.prepare(acts, blockCols);
        RowParts.run(rows(), RowParts.parts(rows(), executor), tokens == 1, executor, (slot, from, to) ->
                kernel.multiply(planes, from, to, blockCols, acts, 0, tokens, y, from, 1, rows()));
    }

    private void requireOutput(String what, long length, long expected) {
        if (length < 0) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (length != expected) {
            throw new IllegalArgumentException(what + " has " + length + " elements, expected " + expected + " ("
                    + (expected / Math.max(1, rows())) + " tokens x " + rows() + " rows of " + name + ")");
        }
    }

    // ---- ternary products and similarity search ----

    /**
     * {@code y[r] = sum_c w[r][c] * v[c]}, the ternary product of every row with {@code v}, by AND + popcount:
     * {@code popcount(pos & pos') + popcount(neg & neg') - popcount(pos & neg') - popcount(neg & pos')}.
     *
     * @throws IllegalArgumentException if {@code v} has not {@code cols} weights or {@code y} not {@code rows}
     */
    public void multiply(TernaryVector v, int[] y) {
        requireVector(v);
        requireOutput("y", y == null ? -1 : y.length, rows());
        kernel.ternary(planes, 0, rows(), v.planes(), y, 0);
    }

    /** The ternary product of row {@code row} with {@code v}. */
    public int dot(int row, TernaryVector v) {
        requireVector(v);
        if (row < 0 || row >= rows()) {
            throw new IllegalArgumentException("row " + row + " outside the " + rows() + " rows of " + name);
        }
        int[] out = new int[1];
        kernel.ternary(planes, row, row + 1, v.planes(), out, 0);
        return out[0];
    }

    /**
     * The {@code k} rows with the largest ternary product with {@code query} (similarity search over ternary
     * embeddings), best first; equal scores in row order. Fewer than {@code k} if the matrix has fewer rows.
     *
     * @throws IllegalArgumentException if {@code k < 0} or the query has not {@code cols} weights
     */
    public List<Match> topK(TernaryVector query, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k is " + k + ", must be >= 0");
        }
        int[] scores = new int[rows()];
        multiply(query, scores);
        // A min-heap of the best k so far: its head is the worst of them (lowest score, then highest row).
        PriorityQueue<Match> best = new PriorityQueue<>(Math.max(1, Math.min(k, rows())), Match.BEST_FIRST.reversed());
        for (int r = 0; r < scores.length && k > 0; r++) {
            Match m = new Match(r, scores[r]);
            if (best.size() < k) {
                best.add(m);
            } else if (Match.BEST_FIRST.compare(m, best.peek()) < 0) {
                best.poll();
                best.add(m);
            }
        }
        List<Match> result = new ArrayList<>(best);
        result.sort(Match.BEST_FIRST);
        return result;
    }

    private void requireVector(TernaryVector v) {
        if (v == null) {
            throw new IllegalArgumentException("vector is null");
        }
        if (v.length() != cols()) {
            throw new IllegalArgumentException("vector has " + v.length() + " weights, expected " + cols()
                    + " (the columns of " + name + ")");
        }
    }

    @Override
    public String toString() {
        return "TernaryMatrix[" + name + ", " + rows() + "x" + cols() + ", " + scales + ", " + kernel.name() + "]";
    }

}

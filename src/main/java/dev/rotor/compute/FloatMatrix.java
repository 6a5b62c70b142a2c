package dev.rotor.compute;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;

import dev.rotor.container.StoredTensor;
import dev.rotor.kernel.FloatFormat;
import dev.rotor.kernel.FloatKernel;
import dev.rotor.kernel.KernelProvider;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * A float matrix stored as F32, F16 or BF16 (little-endian, row after row) in a segment on heap, off heap or
 * memory-mapped, used where it is: never copied, elements widened exactly to float32 as they are read. A token
 * embedding is one: {@link #row} looks a token up, and {@link #gemv} is the output head tied to it
 * ({@code logits = E h}).
 *
 * <p>Products run on the float kernel {@code KernelProvider} chose for this JVM; kernels add in different orders
 * (agreeing to rounding), and each gives the same bits on every call and for every split of the rows across
 * threads. Immutable and safe to share between threads while the segment stays valid.
 */
public final class FloatMatrix {
    private final String name;
    private final int rows;
    private final int cols;
    private final MemorySegment data;
    private final FloatFormat format;
    private final FloatKernel kernel;

    private FloatMatrix(String name, int rows, int cols, MemorySegment data, FloatFormat format, FloatKernel kernel) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.format = format;
        this.kernel = kernel;
    }

    /**
     * A {@code rows x cols} matrix of {@code dtype} (F32, F16 or BF16) in the first bytes of {@code data}.
     *
     * @throws IllegalArgumentException for another dtype, a negative size, or a segment shorter than the matrix,
     *                                  naming {@code name}
     */
    public static FloatMatrix of(String name, int rows, int cols, MemorySegment data, SafetensorsDType dtype) {
        if (name == null) {
            throw new IllegalArgumentException("name is null");
        }
        FloatFormat format = format(name, dtype);
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative matrix size " + rows + "x" + cols);
        }
        long size = (long) rows * cols * format.bytes();
        if (data == null || data.byteSize() < size) {
            throw new IllegalArgumentException(name + ": a " + rows + "x" + cols + " " + dtype + " matrix needs " + size
                    + " bytes, the segment has " + (data == null ? "none" : data.byteSize()));
        }
        return new FloatMatrix(name, rows, cols, data.asSlice(0, size), format, KernelProvider.choice().floats());
    }

    /**
     * A stored tensor of rank 2 ({@code [rows, cols]}) or 1 (one row), not copied.
     *
     * @throws IllegalArgumentException for another rank or dtype, naming the tensor
     */
    public static FloatMatrix of(StoredTensor<SafetensorsDType> tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("tensor is null");
        }
        if (tensor.rank() < 1 || tensor.rank() > 2 || tensor.dim(0) > Integer.MAX_VALUE
                || tensor.dim(tensor.rank() - 1) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " has shape "
                    + java.util.Arrays.toString(tensor.shape()) + ", expected [rows, cols] or [cols]");
        }
        int rows = tensor.rank() == 2 ? (int) tensor.dim(0) : 1;
        int cols = (int) tensor.dim(tensor.rank() - 1);
        return of(tensor.name(), rows, cols, tensor.data(), tensor.type());
    }

    private static FloatFormat format(String name, SafetensorsDType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException(name + ": dtype is null");
        }
        return switch (dtype) {
            case F32 -> FloatFormat.F32;
            case F16 -> FloatFormat.F16;
            case BF16 -> FloatFormat.BF16;
            default -> throw new IllegalArgumentException(name + " is " + dtype + ", expected F32, F16 or BF16");
        };
    }

    /** The same matrix on another kernel (tests compare every kernel through the public methods). */
    FloatMatrix withKernel(FloatKernel other) {
        return new FloatMatrix(name, rows, cols, data, format, other);
    }

    /** The name given when it was made (a tensor's name). */
    public String name() {
        return name;
    }

    /** Rows. */
    public int rows() {
        return rows;
    }

    /** Columns. */
    public int cols() {
        return cols;
    }

    /** Bytes of the stored elements: {@code rows * cols} times 4 (F32) or 2 (F16, BF16). */
    public long byteSize() {
        return data.byteSize();
    }

    /** Element (row, col), widened to float32. */
    public float get(int row, int col) {
        requireRow(row);
        if (col < 0 || col >= cols) {
            throw new IllegalArgumentException("column " + col + " outside the " + cols + " columns of " + name);
        }
        return format.get(data, (long) row * cols + col);
    }

    /**
     * Row {@code row} widened to float32 into {@code out[offset .. offset + cols)}.
     *
     * @throws IllegalArgumentException if the row does not exist or does not fit {@code out}
     */
    public void row(int row, float[] out, int offset) {
        requireRow(row);
        if (out == null || offset < 0 || offset > out.length - cols) {
            throw new IllegalArgumentException("row of " + cols + " floats does not fit at offset " + offset
                    + " of an array of " + (out == null ? "null" : out.length) + " (" + name + ")");
        }
        long base = (long) row * cols;
        for (int c = 0; c < cols; c++) {
            out[offset + c] = format.get(data, base + c);
        }
    }

    private void requireRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row " + row + " outside the " + rows + " rows of " + name);
        }
    }

    /**
     * {@code y[r] = sum_c w[r][c] * x[c]}.
     *
     * @param x {@code cols} floats
     * @param y {@code rows} results, overwritten
     * @throws IllegalArgumentException if a length does not fit
     */
    public void gemv(float[] x, float[] y) {
        gemv(x, y, null);
    }

    /** {@link #gemv(float[], float[])} with rows split across {@code executor} (null: this thread); the same bits. */
    public void gemv(float[] x, float[] y, Executor executor) {
        requireLength("x", x, cols);
        requireLength("y", y, rows);
        RowParts.run(rows, RowParts.parts(rows, executor), true, executor,
                (slot, from, to) -> kernel.rows(data, format, cols, from, to, x, y, from));
    }

    private void requireLength(String what, float[] array, int expected) {
        if (array == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(what + " has " + array.length + " floats, expected " + expected
                    + " (" + rows + "x" + cols + " " + name + ")");
        }
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + name + ", " + rows + "x" + cols + " " + format + ", " + kernel.name() + "]";
    }
}

package dev.rotor;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;

import dev.rotor.kernel.Geometry;
import dev.rotor.kernel.ReferenceKernel;
import dev.rotor.kernel.TernaryKernel;

/**
 * The public conversions bound to one kernel: argument checks, error reporting and allocation live
 * here, once, so every kernel is driven (and tested) through exactly the same code. {@link Rotor} is
 * the static facade over the JVM's chosen kernel; tests build one per kernel.
 */
public final class Conversions {
    private static final String BITNET = "BitNet 2-bit input";

    private final TernaryKernel kernel;

    public Conversions(TernaryKernel kernel) {
        this.kernel = kernel;
    }

    TernaryKernel kernel() {
        return kernel;
    }

    // ---- allocating ----

    RotorPlanes fromBitNet(byte[] packed, int rows, int cols, InvalidCodePolicy policy) {
        int size = Geometry.packedBytes(rows, cols, "packed input");
        Geometry.requireLength("packed input", packed, size);
        int planeSize = Geometry.planeBytes(rows, cols, "planes");
        byte[] pos = new byte[planeSize];
        byte[] neg = new byte[planeSize];
        long invalid = fromBitNet(MemorySegment.ofArray(packed), rows, cols, MemorySegment.ofArray(pos),
                MemorySegment.ofArray(neg), policy);
        return new RotorPlanes(rows, cols, pos, neg, invalid);
    }

    byte[] toBitNet(RotorPlanes planes) {
        requirePlanes(planes);
        byte[] packed = new byte[Geometry.packedBytes(planes.rows(), planes.cols(), "packed output")];
        toBitNet(MemorySegment.ofArray(planes.pos()), MemorySegment.ofArray(planes.neg()), planes.rows(),
                planes.cols(), MemorySegment.ofArray(packed));
        return packed;
    }

    byte[] toInt8(RotorPlanes planes) {
        requirePlanes(planes);
        byte[] values = new byte[Geometry.int8Bytes(planes.rows(), planes.cols(), "int8 output")];
        toInt8(MemorySegment.ofArray(planes.pos()), MemorySegment.ofArray(planes.neg()), planes.rows(),
                planes.cols(), MemorySegment.ofArray(values));
        return values;
    }

    private static void requirePlanes(RotorPlanes planes) {
        if (planes == null) {
            throw new IllegalArgumentException("planes is null");
        }
    }

    RotorPlanes fromInt8(byte[] values, int rows, int cols) {
        Geometry.requireLength("int8 input", values, Geometry.int8Bytes(rows, cols, "int8 input"));
        int planeSize = Geometry.planeBytes(rows, cols, "planes");
        byte[] pos = new byte[planeSize];
        byte[] neg = new byte[planeSize];
        fromInt8(MemorySegment.ofArray(values), rows, cols, MemorySegment.ofArray(pos), MemorySegment.ofArray(neg));
        return new RotorPlanes(rows, cols, pos, neg, 0);
    }

    // ---- memory segments ----

    long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                    InvalidCodePolicy policy) {
        Geometry.requireShape(rows, cols);
        long planeSize = rows * Geometry.planeStride(cols);
        MemorySegment in = Geometry.region("packed input", packed, rows * Geometry.packedStride(cols));
        MemorySegment p = Geometry.region("pos plane", pos, planeSize);
        MemorySegment n = Geometry.region("neg plane", neg, planeSize);
        requirePolicy(policy);
        return checkInvalid(in, rows, cols, policy, kernel.bitnetToPlanes(in, p, n, rows, cols));
    }

    void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed) {
        Geometry.requireShape(rows, cols);
        long planeSize = rows * Geometry.planeStride(cols);
        MemorySegment p = Geometry.region("pos plane", pos, planeSize);
        MemorySegment n = Geometry.region("neg plane", neg, planeSize);
        checkBothSet(p, n, rows, cols, kernel.planesToBitnet(p, n,
                Geometry.region("packed output", packed, rows * Geometry.packedStride(cols)), rows, cols));
    }

    void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values) {
        Geometry.requireShape(rows, cols);
        long planeSize = rows * Geometry.planeStride(cols);
        MemorySegment p = Geometry.region("pos plane", pos, planeSize);
        MemorySegment n = Geometry.region("neg plane", neg, planeSize);
        checkBothSet(p, n, rows, cols, kernel.planesToInt8(p, n,
                Geometry.region("int8 output", values, (long) rows * cols), rows, cols));
    }

    void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        Geometry.requireShape(rows, cols);
        long planeSize = rows * Geometry.planeStride(cols);
        MemorySegment in = Geometry.region("int8 input", values, (long) rows * cols);
        checkInt8(in, cols, kernel.int8ToPlanes(in, Geometry.region("pos plane", pos, planeSize),
                Geometry.region("neg plane", neg, planeSize), rows, cols));
    }

    // ---- memory segments, rows split across an executor ----

    long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                    InvalidCodePolicy policy, Executor executor) {
        Geometry.requireShape(rows, cols);
        requirePolicy(policy);
        long ps = Geometry.packedStride(cols);
        long ss = Geometry.planeStride(cols);
        MemorySegment in = Geometry.region("packed input", packed, rows * ps);
        MemorySegment p = Geometry.region("pos plane", pos, rows * ss);
        MemorySegment n = Geometry.region("neg plane", neg, rows * ss);
        long invalid = RowSplitter.run(rows, ps, executor, (from, to) -> kernel.bitnetToPlanes(
                rowSlice(in, ps, from, to), rowSlice(p, ss, from, to), rowSlice(n, ss, from, to), to - from, cols));
        return checkInvalid(in, rows, cols, policy, invalid);
    }

    void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed, Executor executor) {
        Geometry.requireShape(rows, cols);
        long ps = Geometry.packedStride(cols);
        long ss = Geometry.planeStride(cols);
        MemorySegment p = Geometry.region("pos plane", pos, rows * ss);
        MemorySegment n = Geometry.region("neg plane", neg, rows * ss);
        MemorySegment out = Geometry.region("packed output", packed, rows * ps);
        long both = RowSplitter.run(rows, 2 * ss, executor, (from, to) -> kernel.planesToBitnet(
                rowSlice(p, ss, from, to), rowSlice(n, ss, from, to), rowSlice(out, ps, from, to), to - from, cols));
        checkBothSet(p, n, rows, cols, both);
    }

    void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values, Executor executor) {
        Geometry.requireShape(rows, cols);
        long ss = Geometry.planeStride(cols);
        MemorySegment p = Geometry.region("pos plane", pos, rows * ss);
        MemorySegment n = Geometry.region("neg plane", neg, rows * ss);
        MemorySegment out = Geometry.region("int8 output", values, (long) rows * cols);
        long both = RowSplitter.run(rows, 2 * ss, executor, (from, to) -> kernel.planesToInt8(
                rowSlice(p, ss, from, to), rowSlice(n, ss, from, to), rowSlice(out, cols, from, to), to - from, cols));
        checkBothSet(p, n, rows, cols, both);
    }

    void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg, Executor executor) {
        Geometry.requireShape(rows, cols);
        long ss = Geometry.planeStride(cols);
        MemorySegment in = Geometry.region("int8 input", values, (long) rows * cols);
        MemorySegment p = Geometry.region("pos plane", pos, rows * ss);
        MemorySegment n = Geometry.region("neg plane", neg, rows * ss);
        long bad = RowSplitter.run(rows, cols, executor, (from, to) -> kernel.int8ToPlanes(
                rowSlice(in, cols, from, to), rowSlice(p, ss, from, to), rowSlice(n, ss, from, to), to - from, cols));
        checkInt8(in, cols, bad);
    }

    private static MemorySegment rowSlice(MemorySegment matrix, long stride, int from, int to) {
        return matrix.asSlice(from * stride, (to - from) * stride);
    }

    // ---- errors ----

    private static void requirePolicy(InvalidCodePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy is null");
        }
    }

    private long checkInvalid(MemorySegment packed, int rows, int cols, InvalidCodePolicy policy, long invalid) {
        if (invalid > 0 && policy == InvalidCodePolicy.STRICT) {
            throw firstInvalidCode(packed, rows, cols, invalid);
        }
        return invalid;
    }

    private static void checkBothSet(MemorySegment pos, MemorySegment neg, int rows, int cols, long both) {
        if (both > 0) {
            throw PlaneChecks.bothSet(pos, neg, rows, cols, both);
        }
    }

    private static void checkInt8(MemorySegment values, int cols, long bad) {
        if (bad > 0) {
            for (long i = 0; i < values.byteSize(); i++) {
                byte v = values.get(JAVA_BYTE, i);
                if (v < -1 || v > 1) {
                    throw new IllegalArgumentException("int8 input: value " + v + " at index " + i + " (row "
                            + i / cols + ", column " + i % cols + ") is outside -1..1; " + bad
                            + " such value" + (bad == 1 ? "" : "s") + " in total");
                }
            }
        }
    }

    private InvalidTernaryCodeException firstInvalidCode(MemorySegment packed, int rows, int cols,
                                                                long count) {
        for (long r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (ReferenceKernel.code(packed, r, c, cols) == ReferenceKernel.CODE_INVALID) {
                    return new InvalidTernaryCodeException(BITNET, r, c, r * Geometry.packedStride(cols) + c / 4,
                            count);
                }
            }
        }
        throw new IllegalStateException(kernel.name() + " kernel counted invalid codes that are not there");
    }
}

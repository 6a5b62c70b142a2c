package dev.rotor.cli;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;
import dev.rotor.kernel.Direction;
import dev.rotor.kernel.Geometry;
import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.ReferenceKernel;
import dev.rotor.kernel.ScalarKernel;
import dev.rotor.kernel.TernaryKernel;
import dev.rotor.kernel.VectorKernel;

/**
 * A quick in-process speed check of every conversion direction with every kernel available on this
 * JVM (reference, scalar and, when usable, vector), on one seeded random matrix. Every kernel's output
 * is checked against the reference before it is timed. Not a substitute for the JMH suite: it takes
 * the best of a few repetitions after a short warm-up, good enough for ratios measured side by side.
 */
public final class QuickBench {
    /** Untimed runs of each fast kernel before the timed ones. */
    private static final int WARMUP = 5;

    /**
     * One timed case.
     *
     * @param direction      what was converted
     * @param implementation "reference", "scalar" or "vector-256" etc.
     * @param seconds        best time of one conversion
     * @param inputBytes     bytes read per conversion
     * @param weights        weights per conversion
     */
    public record Measurement(Direction direction, String implementation, double seconds, long inputBytes,
                              long weights) {
        /** Input throughput in GB/s (10^9 bytes). */
        public double gigabytesPerSecond() {
            return inputBytes / seconds / 1e9;
        }
    }

    private final int rows;
    private final int cols;
    private final int repetitions;
    private final byte[] packed;
    private final byte[] values;
    private final byte[] pos;
    private final byte[] neg;

    /**
     * Prepares a seeded random {@code rows x cols} matrix with about a third each of -1, 0 and +1.
     *
     * @param repetitions timed repetitions per case (the best is kept), at least 1
     */
    public QuickBench(int rows, int cols, long seed, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1: " + repetitions);
        }
        this.rows = rows;
        this.cols = cols;
        this.repetitions = repetitions;
        this.values = new byte[Geometry.int8Bytes(rows, cols, "benchmark matrix")];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (random.nextInt(3) - 1);
        }
        RotorPlanes planes = Rotor.fromInt8(values, rows, cols);
        this.pos = planes.pos();
        this.neg = planes.neg();
        this.packed = Rotor.toBitNet(planes);
    }

    /** Times every direction with every available kernel; the reference runs fewer repetitions. */
    public List<Measurement> run() {
        List<Measurement> results = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (TernaryKernel kernel : KernelProvider.availableKernels()) {
                results.add(measure(direction, kernel));
            }
        }
        return results;
    }

    private Measurement measure(Direction direction, TernaryKernel kernel) {
        boolean reference = kernel instanceof ReferenceKernel;
        int reps = reference ? Math.min(repetitions, 2) : repetitions;
        boolean toPlanes = direction.output() == Direction.Form.PLANES;
        MemorySegment p = toPlanes ? MemorySegment.ofArray(new byte[pos.length]) : MemorySegment.ofArray(pos);
        MemorySegment n = toPlanes ? MemorySegment.ofArray(new byte[neg.length]) : MemorySegment.ofArray(neg);
        MemorySegment other = toPlanes ? MemorySegment.ofArray(source(direction.input()))
                : MemorySegment.ofArray(new byte[source(direction.output()).length]);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps + (reference ? 0 : WARMUP); i++) {
            long start = System.nanoTime();
            direction.run(kernel, p, n, other, rows, cols);
            long elapsed = System.nanoTime() - start;
            if (reference || i >= WARMUP) {
                best = Math.min(best, elapsed / 1e9);
            }
        }
        boolean same = toPlanes ? Arrays.equals(p.toArray(JAVA_BYTE), pos) && Arrays.equals(n.toArray(JAVA_BYTE), neg)
                : Arrays.equals(other.toArray(JAVA_BYTE), source(direction.output()));
        if (!same) {
            throw new IllegalStateException(kernel.name() + " kernel disagrees with the reference on "
                    + direction.label() + " for a " + rows + "x" + cols + " matrix");
        }
        return new Measurement(direction, label(kernel), best, direction.input().bytes(rows, cols),
                (long) rows * cols);
    }

    /** The seeded matrix in the 2-bit or the int8 form. */
    private byte[] source(Direction.Form form) {
        return form == Direction.Form.PACKED ? packed : values;
    }

    private static String label(TernaryKernel kernel) {
        return kernel instanceof VectorKernel v ? "vector-" + v.bitSize() : kernel.name();
    }
}

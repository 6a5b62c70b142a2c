package dev.rotor.cli;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;
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
    /** A conversion direction. */
    public enum Direction {
        /** BitNet 2-bit layout to planes. */
        BITNET_TO_PLANES("2-bit -> planes"),
        /** Planes to the BitNet 2-bit layout. */
        PLANES_TO_BITNET("planes -> 2-bit"),
        /** Planes to one int8 per weight. */
        PLANES_TO_INT8("planes -> int8"),
        /** One int8 per weight to planes. */
        INT8_TO_PLANES("int8 -> planes");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        /** A short human label such as {@code 2-bit -> planes}. */
        public String label() {
            return label;
        }
    }

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
        byte[] out = new byte[outputSize(direction)];
        byte[] out2 = new byte[direction == Direction.BITNET_TO_PLANES || direction == Direction.INT8_TO_PLANES
                ? out.length : 0];
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps + (reference ? 0 : WARMUP); i++) {
            long start = System.nanoTime();
            convert(direction, kernel, out, out2);
            long elapsed = System.nanoTime() - start;
            if (reference || i >= WARMUP) {
                best = Math.min(best, elapsed / 1e9);
            }
        }
        verify(direction, kernel.name(), out, out2);
        return new Measurement(direction, label(kernel), best, inputSize(direction), (long) rows * cols);
    }

    private static final int WARMUP = 5;

    private static String label(TernaryKernel kernel) {
        return kernel instanceof VectorKernel v ? "vector-" + v.bitSize() : kernel.name();
    }

    private void convert(Direction direction, TernaryKernel k, byte[] out, byte[] out2) {
        MemorySegment o = MemorySegment.ofArray(out);
        switch (direction) {
            case BITNET_TO_PLANES -> k.bitnetToPlanes(MemorySegment.ofArray(packed), o, MemorySegment.ofArray(out2),
                    rows, cols);
            case PLANES_TO_BITNET -> k.planesToBitnet(seg(pos), seg(neg), o, rows, cols);
            case PLANES_TO_INT8 -> k.planesToInt8(seg(pos), seg(neg), o, rows, cols);
            case INT8_TO_PLANES -> k.int8ToPlanes(MemorySegment.ofArray(values), o, MemorySegment.ofArray(out2),
                    rows, cols);
        }
    }

    private static MemorySegment seg(byte[] array) {
        return MemorySegment.ofArray(array);
    }

    private void verify(Direction direction, String kernel, byte[] out, byte[] out2) {
        boolean ok = switch (direction) {
            case BITNET_TO_PLANES, INT8_TO_PLANES -> Arrays.equals(out, pos) && Arrays.equals(out2, neg);
            case PLANES_TO_BITNET -> Arrays.equals(out, packed);
            case PLANES_TO_INT8 -> Arrays.equals(out, values);
        };
        if (!ok) {
            throw new IllegalStateException(kernel + " kernel disagrees with the reference on " + direction.label()
                    + " for a " + rows + "x" + cols + " matrix");
        }
    }

    private long inputSize(Direction direction) {
        return switch (direction) {
            case BITNET_TO_PLANES -> packed.length;
            case PLANES_TO_BITNET, PLANES_TO_INT8 -> 2L * pos.length;
            case INT8_TO_PLANES -> values.length;
        };
    }

    private int outputSize(Direction direction) {
        return switch (direction) {
            case BITNET_TO_PLANES, INT8_TO_PLANES -> pos.length;
            case PLANES_TO_BITNET -> packed.length;
            case PLANES_TO_INT8 -> values.length;
        };
    }
}

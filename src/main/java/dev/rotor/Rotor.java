package dev.rotor;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;

import dev.rotor.kernel.KernelProvider;

/**
 * Converts ternary weights between the BitNet 2-bit layout, int8 values and rotor bit planes.
 *
 * <pre>{@code
 * RotorPlanes planes = Rotor.fromBitNet(packed, 2560, 2560);   // packed: 2560 * 640 bytes
 * int w = planes.get(0, 7);                                    // -1, 0 or +1
 * byte[] again = Rotor.toBitNet(planes);                       // identical to packed
 * }</pre>
 *
 * <p>The BitNet 2-bit layout (the original C library's) stores 4 weights per byte, row-major, with
 * ceil(cols / 4) bytes per row; weight (r, c) is in bits 2*(c%4) (low) and 2*(c%4)+1 (high) of byte
 * {@code r * ceil(cols/4) + c/4}, coded {@code 00} = 0, {@code 10} = +1, {@code 01} = -1 and {@code 11}
 * invalid. Unused codes at the end of a row are ignored on input and written as {@code 00}.
 *
 * <p>Two families of methods: allocating ones on arrays for convenience, and {@link MemorySegment} ones
 * (heap, off-heap or memory-mapped; {@code MemorySegment.ofArray(bytes).asSlice(offset)} for part of an array)
 * that write into the caller's buffers and allocate nothing, optionally with rows split across an
 * {@link Executor}. All are thread-safe. Every argument problem is an {@link IllegalArgumentException}
 * saying what is wrong; destination contents are unspecified after an exception.
 *
 * <p>The kernel is chosen once per JVM: the Vector API kernel when {@code --add-modules
 * jdk.incubator.vector} is given and the JIT compiles it to native SIMD, the portable scalar kernel
 * otherwise; {@link #backend()} says which and why.
 */
public final class Rotor {
    private Rotor() { }

    private static Conversions conversions() {
        return Default.CONVERSIONS;
    }

    private static final class Default {
        static final Conversions CONVERSIONS = new Conversions(KernelProvider.choice().kernel());
    }

    /** The kernel in use and why it was chosen, e.g. {@code vector 256-bit (AVX2)}. */
    public static Backend backend() {
        return KernelProvider.choice().backend();
    }

    // ---- allocating ----

    /** Decodes BitNet 2-bit weights, rejecting invalid codes ({@link InvalidCodePolicy#STRICT}). */
    public static RotorPlanes fromBitNet(byte[] packed, int rows, int cols) {
        return conversions().fromBitNet(packed, rows, cols, InvalidCodePolicy.STRICT);
    }

    /**
     * Decodes BitNet 2-bit weights ({@code packed.length} must be rows * ceil(cols/4)).
     *
     * @throws InvalidTernaryCodeException under STRICT if any code is {@code 11}
     */
    public static RotorPlanes fromBitNet(byte[] packed, int rows, int cols, InvalidCodePolicy policy) {
        return conversions().fromBitNet(packed, rows, cols, policy);
    }

    /** Encodes planes to the BitNet 2-bit layout; the inverse of {@link #fromBitNet(byte[], int, int)}. */
    public static byte[] toBitNet(RotorPlanes planes) {
        return conversions().toBitNet(planes);
    }

    /** One byte per weight, row-major: -1, 0 or +1. */
    public static byte[] toInt8(RotorPlanes planes) {
        return conversions().toInt8(planes);
    }

    /**
     * Planes from one byte per weight, row-major.
     *
     * @throws IllegalArgumentException naming the index of the first value outside -1..1
     */
    public static RotorPlanes fromInt8(byte[] values, int rows, int cols) {
        return conversions().fromInt8(values, rows, cols);
    }

    // ---- memory segments (sizes may exceed 2 GB; only the first needed bytes are used) ----

    /**
     * Decodes BitNet 2-bit weights from a segment into plane segments.
     *
     * @return how many invalid codes were decoded as 0 (always 0 under STRICT, which throws instead)
     */
    public static long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                                  InvalidCodePolicy policy) {
        return conversions().fromBitNet(packed, rows, cols, pos, neg, policy);
    }

    /** Encodes plane segments into a BitNet 2-bit segment. */
    public static void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed) {
        conversions().toBitNet(pos, neg, rows, cols, packed);
    }

    /** Writes rows * cols int8 values. */
    public static void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values) {
        conversions().toInt8(pos, neg, rows, cols, values);
    }

    /** Reads rows * cols int8 values into plane segments. */
    public static void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg) {
        conversions().fromInt8(values, rows, cols, pos, neg);
    }

    // ---- memory segments, rows split across threads ----

    /**
     * Like {@link #fromBitNet(MemorySegment, int, int, MemorySegment, MemorySegment, InvalidCodePolicy)},
     * with rows split into tasks of about a megabyte run on {@code executor} (for example
     * {@link java.util.concurrent.ForkJoinPool#commonPool()}); small inputs run on the calling thread.
     */
    public static long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                                  InvalidCodePolicy policy, Executor executor) {
        return conversions().fromBitNet(packed, rows, cols, pos, neg, policy, executor);
    }

    /** Like {@link #toBitNet(MemorySegment, MemorySegment, int, int, MemorySegment)}, rows split across {@code executor}. */
    public static void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed,
                                Executor executor) {
        conversions().toBitNet(pos, neg, rows, cols, packed, executor);
    }

    /** Like {@link #toInt8(MemorySegment, MemorySegment, int, int, MemorySegment)}, rows split across {@code executor}. */
    public static void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values,
                              Executor executor) {
        conversions().toInt8(pos, neg, rows, cols, values, executor);
    }

    /** Like {@link #fromInt8(MemorySegment, int, int, MemorySegment, MemorySegment)}, rows split across {@code executor}. */
    public static void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg,
                                Executor executor) {
        conversions().fromInt8(values, rows, cols, pos, neg, executor);
    }
}

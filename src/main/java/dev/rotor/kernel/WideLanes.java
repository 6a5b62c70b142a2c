package dev.rotor.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Byte and 16-bit lane operations done on wider lanes, where C2 compiles them better on x86 (read from
 * its output with {@code -XX:UseAVX=2}). Only loaded with the Vector API kernels.
 */
final class WideLanes {
    private WideLanes() { }

    /**
     * Shifts each 16-bit lane right by n (at most 8) as 32-bit lanes: the top n bits of every other lane get
     * bits of its neighbour, so callers must not need them. C2 compiles a 32-bit shift by a constant to one
     * instruction with an immediate count, but a 16-bit one to a {@code vmovd} of the count into a vector
     * register in every loop iteration: a port-5 instruction, the port the narrowings and shuffles need.
     */
    static ShortVector shiftRight(ShortVector x, int n) {
        return x.reinterpretAsInts().lanewise(VectorOperators.LSHR, n).reinterpretAsShorts();
    }

    /** Shifts each 16-bit lane left by n as 32-bit lanes (see {@link #shiftRight(ShortVector, int)}). */
    static ShortVector shiftLeft(ShortVector x, int n) {
        return x.reinterpretAsInts().lanewise(VectorOperators.LSHL, n).reinterpretAsShorts();
    }

    /**
     * Shifts each byte right by n as 32-bit lanes: the top n bits of each byte get the low bits of the byte
     * above it, so callers must not need them. x86 has no byte shifts: at 256 bits C2 widens the bytes to
     * 16-bit lanes, shifts, masks and packs them back, ten instructions of which five are shuffles.
     */
    static ByteVector shiftRight(ByteVector x, int n) {
        return x.reinterpretAsInts().lanewise(VectorOperators.LSHR, n).reinterpretAsBytes();
    }
}

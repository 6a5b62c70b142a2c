package dev.rotor.io;

import java.util.Arrays;

/** Overflow-safe arithmetic on tensor dimensions and file offsets. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * Product of the dimensions (1 for none).
     *
     * @throws IllegalArgumentException if a dimension is negative
     * @throws ArithmeticException      if the product overflows a {@code long}
     */
    public static long elementCount(long[] dims) {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension " + dim + " in " + toString(dims));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /**
     * {@code value} rounded up to a multiple of {@code alignment}, a power of two.
     *
     * @throws ArithmeticException if the result overflows a {@code long}
     */
    public static long alignUp(long value, long alignment) {
        return Math.addExact(value, alignment - 1) & -alignment;
    }

    public static String toString(long[] dims) {
        return Arrays.toString(dims);
    }
}

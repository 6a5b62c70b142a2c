package dev.rotor.compute;

import java.lang.foreign.MemorySegment;

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;
import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.PlaneMatrix;

/**
 * A ternary vector (weights -1, 0, +1) as two bit planes, like one row of a {@link TernaryMatrix}: the query of a
 * ternary product or similarity search ({@link TernaryMatrix#multiply(TernaryVector, int[])},
 * {@link TernaryMatrix#topK}). Immutable.
 */
public final class TernaryVector {
    private final PlaneMatrix planes;

    private TernaryVector(PlaneMatrix planes) {
        this.planes = planes;
    }

    /**
     * The vector of {@code values}, each -1, 0 or +1.
     *
     * @throws IllegalArgumentException naming the first value outside -1..1
     */
    public static TernaryVector of(byte[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values is null");
        }
        return of(Rotor.fromInt8(values, 1, values.length));
    }

    /** The single row of {@code planes} (shared, not copied). */
    public static TernaryVector of(RotorPlanes planes) {
        if (planes == null) {
            throw new IllegalArgumentException("planes is null");
        }
        if (planes.rows() != 1) {
            throw new IllegalArgumentException("a ternary vector is one row, the planes have " + planes.rows());
        }
        return new TernaryVector(new PlaneMatrix(1, planes.cols(), MemorySegment.ofArray(planes.pos()),
                MemorySegment.ofArray(planes.neg())));
    }

    PlaneMatrix planes() {
        return planes;
    }

    /** The number of weights. */
    public int length() {
        return planes.cols();
    }

    /** The dot product with {@code other} by AND + popcount. */
    public int dot(TernaryVector other) {
        if (other == null || other.length() != length()) {
            throw new IllegalArgumentException("other vector has " + (other == null ? "no" : other.length())
                    + " weights, expected " + length());
        }
        int[] out = new int[1];
        KernelProvider.choice().matrix().ternary(planes, 0, 1, other.planes, out, 0);
        return out[0];
    }

    @Override
    public String toString() {
        return "TernaryVector[" + length() + "]";
    }
}

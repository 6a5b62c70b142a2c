package dev.rotor.safetensors;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

import dev.rotor.io.Shapes;

/**
 * One tensor of a safetensors file, as read by {@link SafetensorsReader}.
 *
 * @param name  the tensor's name (its key in the header)
 * @param dtype element type
 * @param shape dimensions, outermost first (row-major; the last dimension is contiguous); a copy is kept and returned
 * @param data  the tensor's bytes: a zero-copy, read-only slice of the memory-mapped file, valid until the reader
 *              is closed, readable from any thread; its size is {@code dtype.byteSize(shape)}
 */
public record SafetensorsTensor(String name, SafetensorsDType dtype, long[] shape, MemorySegment data) {
    /** Validates the components and copies {@code shape}. */
    public SafetensorsTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
    }

    /** A copy of the dimensions. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}, outermost first. */
    public long dim(int i) {
        return shape[i];
    }

    /** Product of the dimensions (1 for a scalar). */
    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    /** Size of the data in bytes. */
    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsTensor t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "SafetensorsTensor[" + name + ", " + dtype + ", " + Arrays.toString(shape) + ", " + byteSize()
                + " bytes]";
    }
}

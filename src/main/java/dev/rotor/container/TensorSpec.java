package dev.rotor.container;

import java.util.Arrays;
import java.util.Objects;

import dev.rotor.io.SegmentData;

/**
 * One tensor to write into a container: {@link dev.rotor.safetensors.SafetensorsWriter} takes
 * {@code TensorSpec<SafetensorsDType>}, {@link dev.rotor.gguf.GgufWriter} takes {@code TensorSpec<GgmlType>}.
 *
 * @param name  the tensor's name, unique within a file
 * @param type  its element type
 * @param shape dimensions in the container's order (safetensors: outermost first; GGUF: {@code ne}, contiguous
 *              first); a copy is kept and returned
 * @param data  producer of exactly {@link #byteSize()} bytes
 * @param <T>   the container's element type
 */
public record TensorSpec<T extends ElementType>(String name, T type, long[] shape, TensorData data) {
    /**
     * Validates the components and copies {@code shape}.
     *
     * @throws IllegalArgumentException if the size cannot be computed (negative dimension, partial byte or block,
     *                                  overflow) or {@code data} is a segment of the wrong size
     */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        SegmentData.checkSize(name, data, byteSize(name, type, shape));
    }

    /** A bit-exact copy of a tensor read from another file of the same container (same name, type, shape, bytes). */
    public static <T extends ElementType> TensorSpec<T> copyOf(StoredTensor<T> source) {
        return new TensorSpec<>(source.name(), source.type(), source.shape(), TensorData.of(source.data()));
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

    /** Size of the tensor's data in bytes, without any padding the container adds. */
    public long byteSize() {
        return byteSize(name, type, shape);
    }

    private static long byteSize(String name, ElementType type, long[] shape) {
        try {
            return type.byteSize(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of "
                    + type.name() + " overflows a 64-bit byte size", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec<?> t && name.equals(t.name) && type.equals(t.type)
                && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "TensorSpec[" + name + ", " + type.name() + ", " + Arrays.toString(shape) + "]";
    }
}

package dev.rotor.container;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

import dev.rotor.io.Shapes;

/**
 * One tensor of a container file opened for reading ({@link dev.rotor.safetensors.SafetensorsReader},
 * {@link dev.rotor.gguf.GgufReader}).
 *
 * @param name       the tensor's name
 * @param type       its element type
 * @param shape      dimensions in the container's order (safetensors: outermost first, the last contiguous; GGUF:
 *                   {@code ne}, so a {@code rows x cols} matrix has shape {@code [cols, rows]}); a copy is kept
 *                   and returned
 * @param fileOffset where the tensor's bytes start in the file
 * @param data       the tensor's bytes: a zero-copy, read-only slice of the memory-mapped file, valid until the
 *                   reader is closed, readable from any thread; its size is {@code type.byteSize(shape)}
 * @param <T>        the container's element type
 */
public record StoredTensor<T extends ElementType>(String name, T type, long[] shape, long fileOffset,
                                                 MemorySegment data) {
    /** Validates the components and copies {@code shape}. */
    public StoredTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
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

    /** Dimension {@code i}, in the container's order. */
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
        return o instanceof StoredTensor<?> t && name.equals(t.name) && type.equals(t.type)
                && Arrays.equals(shape, t.shape) && fileOffset == t.fileOffset && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape), fileOffset, data);
    }

    @Override
    public String toString() {
        return "StoredTensor[" + name + ", " + type.name() + ", " + Arrays.toString(shape) + ", " + byteSize()
                + " bytes at " + fileOffset + "]";
    }
}

package dev.rotor.gguf;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

import dev.rotor.io.Shapes;

/**
 * One tensor of a GGUF file, as read by {@link GgufReader}.
 *
 * @param name   the tensor's name
 * @param type   its ggml type ({@link GgmlType#id()} is the raw id in the file)
 * @param ne     dimensions in GGUF order: {@code ne[0]} is the contiguous axis (columns of a matrix), so a
 *               {@code rows x cols} matrix has {@code ne = [cols, rows]}; a copy is kept and returned
 * @param offset the tensor's offset in the file's data section, as stored (a multiple of the alignment)
 * @param data   the tensor's bytes: a zero-copy, read-only slice of the memory-mapped file, valid until the reader
 *               is closed, readable from any thread; its size is {@code type.byteSize(ne)}
 */
public record GgufTensor(String name, GgmlType type, long[] ne, long offset, MemorySegment data) {
    /** Validates the components and copies {@code ne}. */
    public GgufTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        ne = ne.clone();
    }

    /** A copy of the dimensions, {@code ne[0]} contiguous. */
    @Override
    public long[] ne() {
        return ne.clone();
    }

    /** Number of dimensions ({@code n_dims}). */
    public int rank() {
        return ne.length;
    }

    /** Dimension {@code i} in GGUF order ({@code ne[i]}). */
    public long dim(int i) {
        return ne[i];
    }

    /** Product of the dimensions. */
    public long elementCount() {
        return Shapes.elementCount(ne);
    }

    /** Size of the data in bytes. */
    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensor t && name.equals(t.name) && type == t.type && Arrays.equals(ne, t.ne)
                && offset == t.offset && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(ne), offset, data);
    }

    @Override
    public String toString() {
        return "GgufTensor[" + name + ", " + type + ", ne=" + Arrays.toString(ne) + ", offset " + offset + ", "
                + byteSize() + " bytes]";
    }
}
